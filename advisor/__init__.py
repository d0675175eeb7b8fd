"""es-jvm-advisor: explained JVM configuration for Elasticsearch and OpenSearch nodes."""

__version__ = "0.1.0"
