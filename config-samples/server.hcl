# One server of a three-server datacenter on a private network.
# Validate with: java -jar agent.jar validate server.hcl

datacenter       = "dc1"
data_dir         = "/opt/proconsul/data"
server           = true
bootstrap_expect = 3

bind_addr   = "10.0.0.11"
client_addr = "127.0.0.1 10.0.0.11"
retry_join  = ["10.0.0.12", "10.0.0.13"]

ui_config { enabled = true }

ports {
  http = 8500
  dns  = 8600
  grpc = 8502
}

limits {
  kv_max_value_size = 524288 # 512 KiB, Consul's default
}

node_meta {
  rack = "r1"
}

log_level = "INFO"
