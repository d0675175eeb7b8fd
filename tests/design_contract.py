"""The JSON keys ../shared/DESIGN.md promises to other tools, written down once for the tests (on purpose
not imported from the code under test, so a renamed key in the code fails the tests)."""

NODE_FACT_KEYS = (
    "id",
    "name",
    "version",
    "roles",
    "jvm_version",
    "collectors",
    "heap_max_bytes",
    "ram_bytes",
    "compressed_oops",
    "mlockall",
    "input_arguments",
)
"""Facts per node in `advise URL|--bundle --json` (DESIGN.md)."""

NODE_KEYS = (*NODE_FACT_KEYS, "findings", "recommended_options")
"""Every key of a node in `advise URL|--bundle --json` (DESIGN.md)."""
