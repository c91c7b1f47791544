# One of three servers of a datacenter (seed 003's consulha.hcl, completed so the file stands alone).
# The same file goes on every server; only bind_addr and node_name differ. The addresses in retry_join
# must all be reachable from each other on 8300 (server RPC) and 8301 (LAN gossip, TCP and UDP).
# Validate with: java -jar agent.jar validate consulha.hcl

datacenter       = "xiaopalu"
data_dir         = "/data/data/consul"
server           = true            # server mode
bootstrap_expect = 3               # elect a leader once three servers have joined
node_name        = "192e168e1e1"
bind_addr        = "192.168.1.1"   # this server's address; must match the one in retry_join
client_addr      = "0.0.0.0"       # HTTP and DNS on every interface
retry_join       = ["192.168.1.1", "192.168.1.2", "192.168.1.3"]   # the three servers
retry_interval   = "15s"
rejoin_after_leave = true

ports { http = 8500 }
ui_config { enabled = true }
