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
      columns = [
        { name = "id", type = "string" },
        { name = "order_date", type = "timestamp" },
        { name = "revenue", type = "decimal(12,2)" },
      ]
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
      columns = [
        { name = "customer_id", type = "string" },
        { name = "segment", type = "string" },
      ]
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
