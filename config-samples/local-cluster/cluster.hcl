# Settings every agent of the local cluster shares; start-cluster.sh adds per-agent flags
# (-node, -bind, -client, -data-dir, -retry-join and, for servers, -server -bootstrap-expect=3).
# No data_dir here: it is a fragment, validated together with one (ConfigSamplesTest does that).

datacenter     = "dc1"
retry_interval = "1s"
log_level      = "INFO"
performance { raft_multiplier = 1 }   # fast elections: a laptop, not a WAN
dns_config {
  allow_stale  = true
  only_passing = true
  service_ttl  = { "*" = "5s" }
}
