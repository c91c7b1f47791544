# A service of the client agent, in the one-line HCL form. Its TCP check dials the client's own HTTP
# port, so it passes as soon as the agent is up. start-cluster.sh loads it on the client only.
service { name = "web" port = 8080 tags = ["v1"] check { id = "web-tcp" tcp = "127.0.0.5:8500" interval = "5s" } }
