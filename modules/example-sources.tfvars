# The sources every module's examples share: two batch sources and one stream, as a team declares them.

sources = {
  orders = {
    ingestion        = "batch"
    format           = "json"
    crawler_schedule = "cron(0 2 * * ? *)"
    quality = {
      not_null = ["id", "order_date"]
      unique   = ["id"]
      ranges = [
        {
          column = "revenue"
          min    = 0
        },
      ]
      min_row_count = 1
    }
    contract = {
      load            = "upsert"
      key             = ["id"]
      ordering_column = "order_date"
    }
  }
  customers = {
    ingestion        = "batch"
    format           = "csv"
    crawler_schedule = "cron(30 2 * * ? *)"
    quality = {
      not_null = ["customer_id"]
    }
    contract = {
      load = "full_refresh"
      key  = ["customer_id"]
    }
  }
  clickstream = {
    ingestion = "stream"
    format    = "json"
    stream = {
      mode        = "PROVISIONED"
      shard_count = 2
    }
    quality = {
      not_null = ["event_id", "event_time"]
    }
  }
}
