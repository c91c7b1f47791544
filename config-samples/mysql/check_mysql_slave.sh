#!/bin/bash
# Health check of the r-<port>-mysql-* service: passing on a read-only replica whose threads run.
# Exit codes are Consul's: 0 passing, 1 warning, anything else critical. The output is the check's Output.
# Usage: check_mysql_slave.sh <port>   (credentials in /etc/mysql-monitor/db_<port>.conf, "password=...")
set -u
port=${1:?usage: $0 <port>}
password=$(grep '^password' "/etc/mysql-monitor/db_${port}.conf" 2>/dev/null | cut -d= -f2-)
mysql=(mysql -P"$port" -h127.0.0.1 -udb_monitor -p"$password" --default-character-set=utf8mb4 -N -s)

if [ "$("${mysql[@]}" -e 'select 1' 2>/dev/null)" != "1" ]; then
    echo "MySQL $port is not answering"
    exit 2
fi
read_only=$("${mysql[@]}" -e "show global variables like 'read_only'" | awk '{print $2}')
if [ "$read_only" != "ON" ]; then
    echo "MySQL $port is writable (read_only=$read_only): not a replica"
    exit 2
fi
status=$(mysql -P"$port" -h127.0.0.1 -udb_monitor -p"$password" -e 'show slave status\G' 2>/dev/null)
if ! grep -q 'Slave_SQL_Running: Yes' <<<"$status" || ! grep -q 'Slave_IO_Running: Yes' <<<"$status"; then
    echo "MySQL $port replication threads are not running"
    exit 1
fi
echo "MySQL $port instance is a replica"
exit 0
