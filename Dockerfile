# Proconsul agent image. Build the jar first (mvn -B -DskipTests package), then:
#   docker build -t proconsul .
#   docker run --rm -p 8500:8500 -p 8600:8600/udp proconsul agent -dev -client=0.0.0.0
FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/proconsul --create-home proconsul
COPY cli/target/agent.jar /opt/proconsul/agent.jar
USER proconsul
WORKDIR /var/lib/proconsul
# Consul's ports: server RPC, LAN and WAN gossip (TCP and UDP), HTTP, DNS (TCP and UDP).
EXPOSE 8300 8301 8301/udp 8302 8302/udp 8500 8600 8600/udp
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/opt/proconsul/agent.jar"]
CMD ["agent", "-dev", "-client=0.0.0.0"]
