# The fixture of glue-catalog's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

glue_version      = "4.0"
worker_type       = "G.2X"
number_of_workers = 10
timeout_minutes   = 240
crawler = {
  recrawl_behavior = "CRAWL_NEW_FOLDERS_ONLY"
  update_behavior  = "LOG"
  delete_behavior  = "LOG"
}
