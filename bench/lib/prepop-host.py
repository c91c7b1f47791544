#!/usr/bin/env python3
"""Run bench/lib/prepop.py against another loopback address than 127.0.0.1.

usage: prepop-host.py HOST consul|etcd PORT COUNT VALUE_LEN

prepop.py always connects to 127.0.0.1; the cluster benchmark (bench/kv-cluster.sh) has its servers
on 127.0.0.2-7. This wrapper points prepop.py's HTTPConnection at HOST and runs it unchanged, so
both benchmarks write the same keys and values and check the answers the same way.
"""
import http.client
import os
import runpy
import sys

host = sys.argv.pop(1)
_Base = http.client.HTTPConnection


class _HostConnection(_Base):
    def __init__(self, _ignored_host, *args, **kwargs):
        super().__init__(host, *args, **kwargs)


http.client.HTTPConnection = _HostConnection
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "prepop.py"), run_name="__main__")
