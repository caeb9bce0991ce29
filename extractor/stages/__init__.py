"""Rule stages: one module per fact family, each a spaCy component registered by name.

Importing this package registers every component factory with spaCy; `pipeline.py`
decides which ones run and in what order.
"""
