"""Flash-sale load tests: order-lookup autocomplete traffic against Elasticsearch targets."""
