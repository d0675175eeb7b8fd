"""Flash-sale load tests: order-lookup autocomplete traffic against Elasticsearch targets."""

from advisor import __version__

__all__ = ["__version__"]
