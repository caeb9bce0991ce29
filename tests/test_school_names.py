"""Schools named by number (stages/school_names.py): found only where what follows says school."""

from __future__ import annotations

from extractor.api import extract_document
from extractor.pipeline import PipelineConfig

CONFIG = PipelineConfig(model="none")


def _schools(text: str) -> list[tuple[str, str]]:
    return [(f.name, f.rule) for f in extract_document(text, config=CONFIG).facts
            if f.type == "organization" and f.rule == "organization.numbered_school"]


def test_numbered_schools_with_their_place():
    assert _schools("交警护送湛一中、市七中的考生，赶往十八中考场。") == [
        ("湛一中", "organization.numbered_school"), ("市七中", "organization.numbered_school"),
        ("十八中", "organization.numbered_school")]


def test_a_function_word_is_no_place():
    # 在 and 往 end the words before the school; 呼市 is the city's short name with its level
    assert _schools("孩子在六中参加高考，送往市二中考点，在呼市第二十九中考场考试。") == [
        ("六中", "organization.numbered_school"), ("市二中", "organization.numbered_school"),
        ("呼市第二十九中", "organization.numbered_school")]


def test_squads_plenums_and_grades_are_no_schools():
    assert _schools("交警一中队出动。贯彻党的十八届三中、四中全会精神。初一中学生参加。三中全会召开。") == []


def test_a_school_numbered_in_digits_with_its_city():
    # 中学 written out says school with no context needed; a place the data knows opens it;
    # 3中队 is a squad and 高三中学生 a grade's pupils
    assert _schools("乌鲁木齐市第51中学的学生参加活动。全市3中队参加。高三中学生参加。") == [
        ("乌鲁木齐市第51中学", "organization.numbered_school")]
