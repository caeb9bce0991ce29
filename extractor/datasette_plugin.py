"""A Datasette plugin for `extractor serve`: facts by their article's province.

Datasette facets count the values of one column of the table shown; a fact's region is a
column of its document. This plugin adds

- a facet type `region` (metadata `{"region": "doc_id"}` on `facts`): counts the rows shown by
  `documents.region_province` through the foreign key column given, and links each province to
- a filter argument `?_region=浙江省` (repeat it for several): only facts whose document is in
  that province (`_region=` with no value: documents with no region).

`extractor serve` registers it in-process (`register()`); it needs nothing else installed.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from .datasette_meta import REGION_ARG, REGION_FACET

PLUGIN_NAME = "extractor-region"


class RegionFacet(Facet):
    """Rows counted by their document's province, through a column that references documents.id."""

    type = REGION_FACET

    async def facet_results(self):
        results, timed_out = [], []
        if self.table != "facts":  # the table filters_from_request below knows
            return results, timed_out
        selected = set(self.request.args.getlist(REGION_ARG))
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            sql = f"""
                select coalesce(d.region_province, '') as province, count(*) as n
                from ({self.sql}) f join documents d on d.id = f.{escape_sqlite(column)}
                group by province order by n desc, province limit {size + 1}
            """
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:  # over facet_time_limit_ms
                timed_out.append("region_province")
                continue
            values = []
            for row in rows.rows[:size]:
                value = row["province"]
                is_selected = value in selected
                if is_selected:
                    path = path_with_removed_args(self.request, {REGION_ARG: value})
                else:
                    path = path_with_added_args(self.request, {REGION_ARG: value})
                values.append({"value": value, "label": value or "(no region)", "count": row["n"],
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                               "selected": is_selected})
            results.append({"name": "region_province", "type": self.type, "hideable": source_and_config["source"] != "metadata",
                            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": column})),
                            "results": values, "truncated": len(rows.rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [RegionFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    """`?_region=PROVINCE` on the facts table: facts whose article is in that province."""
    if table != "facts" or REGION_ARG not in request.args:
        return None
    values = request.args.getlist(REGION_ARG)
    params = {f"extractor_region_{i}": v for i, v in enumerate(values)}
    names = ", ".join(f":{p}" for p in params)
    where = (f"doc_id in (select id from documents where coalesce(region_province, '') in ({names}))")
    described = " or ".join(v or "(no region)" for v in values)
    return FilterArguments([where], params, [f"article's province is {described}"])


def register() -> None:
    """Register this plugin with Datasette's plugin manager (once per process)."""
    import sys

    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(module, name=PLUGIN_NAME)
