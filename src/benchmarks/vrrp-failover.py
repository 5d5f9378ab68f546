#!/usr/bin/env python3
"""VRRP failover benchmark (issue 5), run by src/benchmarks/vrrp-failover.sh (bin/fulcrum bench vrrp).

Two segments of network namespaces on this host's kernel, one per implementation, each a bridge with two
directors (d1: priority 150, initial state MASTER; d2: priority 100, BACKUP) and a client:

    PFX-br (bridges brf, brk)   PFX-f1 PFX-f2 PFX-fc (Fulcrum)   PFX-k1 PFX-k2 PFX-kc (keepalived)

addresses 10.1.1.11 (d1), 10.1.1.12 (d2), 10.1.1.100 (client) on eth0 in each segment, VIP 10.1.1.166/32,
vrid 51. Fulcrum's directors run io.fulcrum.vrrp.VrrpMain (one JVM each), keepalived's `keepalived --vrrp`.

Probe (all from this one single-threaded process: its sockets are opened inside the namespaces with setns):
  - the client pings the VIP every PROBE_MS (1 ms) from a raw ICMP socket; the directors' kernels answer
    (no user process on the path), d1 with IP TTL 64 and d2 with TTL 65 (net.ipv4.ip_default_ttl per
    namespace), so every reply says who answered; replies carry the kernel's receive time (SO_TIMESTAMPNS);
  - the client joins 224.0.0.18 on a raw protocol-112 socket: every advert, with its kernel receive time;
  - an rtnetlink socket (RTMGRP_IPV4_IFADDR) in each director: when the VIP is added or removed.
A failover is timed from just before kill(2) to the first echo reply from d2 ("answer"; resolution: the
1 ms ping interval), and also to the VIP's arrival on d2 ("address"); "timer" is d2's first advert minus
d1's last one, both as received by the client (what the protocol's Master_Down_Interval governs).

Failover runs interleave the implementations (Fulcrum, keepalived, keepalived, Fulcrum, ...) so that
the machine's other load hits both alike. Each run: steady state (d1 holds the VIP and answers, d2 is
backup, nothing moved for SETTLE), a random wait of up to one advert interval, kill -9 (or SIGTERM for
the graceful handover) of d1's VRRP process, the measurement, then d1 restarted (it preempts).

Soak (--soak SECONDS): both pairs at v3 @ 100 ms, next to one busy-loop process per core, counting
every VIP add/remove and every logged state change after the steady state (false failovers), and the
gaps between the master's adverts (the margin to Master_Down_Interval).

Every wait is bounded; namespaces and processes are removed on exit, Ctrl-C included.
"""
import argparse
import ctypes
import gc
import json
import math
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

PREFIX = "fvb"
VIP = "10.1.1.166"
VRID = 51
D_ADDR = {1: "10.1.1.11", 2: "10.1.1.12"}
CLIENT_ADDR = "10.1.1.100"
TTL = {1: 64, 2: 65}
PRIORITY = {1: 150, 2: 100}
PROBE_MS = 1.0
IDLE_PROBE = 0.02  # the other segment's client keeps pinging, slower: its neighbour entry stays as busy
KEEPALIVED = "/usr/sbin/keepalived"

CLONE_NEWNET = 0x40000000
SO_TIMESTAMPNS = 35
RTMGRP_IPV4_IFADDR = 0x10
RTM_NEWADDR, RTM_DELADDR = 20, 21
IFA_ADDRESS, IFA_LOCAL = 1, 2

libc = ctypes.CDLL("libc.so.6", use_errno=True)


class Failure(Exception):
    pass


def log(msg=""):
    print(msg, flush=True)


def sh(*cmd, check=True, timeout=20):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise Failure(f"{' '.join(cmd)} exited {r.returncode}: {r.stdout.strip()}")
    return r


def in_netns(ns, fn):
    """Runs fn with this thread in network namespace ns (sockets made there stay there), then comes back."""
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{ns}", os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns into {ns}")
        try:
            return fn()
        finally:
            if libc.setns(own, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(own)
        os.close(target)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def kernel_time(ancdata):
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(data) >= 16:
            sec, nsec = struct.unpack("qq", data[:16])
            return sec + nsec / 1e9
    return time.time()


def pct(values, p):
    """Nearest rank."""
    v = sorted(values)
    return v[max(0, min(len(v) - 1, math.ceil(p / 100 * len(v)) - 1))]


def interval_of(version):
    return 1.0 if version == 2 else 0.1


def master_down(version, priority):
    """RFC 3768/5798 Master_Down_Interval (v3's skew in whole centiseconds of the interval, as both implementations)."""
    adv = interval_of(version)
    skew = (256 - priority) / 256 if version == 2 else (256 - priority) * adv / 256
    return 3 * adv + skew


# ---------------------------------------------------------------- implementations


class Fulcrum:
    name = "Fulcrum"
    key = "f"

    def __init__(self, run_dir, java, java_opts, classpath):
        self.run_dir, self.java, self.java_opts, self.classpath = run_dir, java, java_opts, classpath

    def configure(self, version):
        adv = interval_of(version)
        doc = {
            "apiVersion": "fulcrum/v1",
            "directors": [{"name": f"d{i}", "managementAddress": D_ADDR[i]} for i in (1, 2)],
            "vrrpGroups": [{
                "name": "VI_1", "vrid": VRID, "interface": "eth0", "version": version, "advertIntervalSeconds": adv,
                "virtualAddresses": [{"address": VIP + "/32"}],
                "members": [{"director": "d1", "priority": PRIORITY[1], "initialState": "master"},
                            {"director": "d2", "priority": PRIORITY[2], "initialState": "backup"}],
            }],
        }
        self.doc = os.path.join(self.run_dir, f"fulcrum-v{version}.json")
        with open(self.doc, "w") as f:
            json.dump(doc, f)

    def command(self, i):
        return [self.java, *self.java_opts, "-cp", self.classpath, "io.fulcrum.vrrp.VrrpMain", "--name", f"d{i}", "--state", self.doc]

    def vrrp_pid(self, director):
        return director.proc.pid  # ip netns exec execs java: the pid is the JVM's

    def stop_pid(self, director):
        return director.proc.pid  # SIGTERM: the shutdown hook advertises priority 0

    @staticmethod
    def transitions(text):
        return len(re.findall(r"\): [A-Z]+ -> [A-Z]+:", text))

    @staticmethod
    def backup_started(text):
        return "-> BACKUP" in text


class Keepalived:
    name = "keepalived"
    key = "k"

    def __init__(self, run_dir):
        self.run_dir = run_dir

    def configure(self, version):
        self.version = version

    def config(self, i):
        adv = "1" if self.version == 2 else "0.1"
        return f"""global_defs {{
  router_id fvb_d{i}
}}
vrrp_instance VI_1 {{
  state {"MASTER" if i == 1 else "BACKUP"}
  interface eth0
  virtual_router_id {VRID}
  priority {PRIORITY[i]}
  advert_int {adv}
  version {self.version}
  virtual_ipaddress {{
    {VIP}/32
  }}
}}
"""

    def files(self, i):
        base = os.path.join(self.run_dir, f"k{i}")
        return base + ".conf", base + ".pid", base + "-vrrp.pid", base + "-checker.pid"

    def command(self, i):
        conf, pid, vrrp, checker = self.files(i)
        with open(conf, "w") as f:
            f.write(self.config(i))
        for p in (pid, vrrp, checker):
            if os.path.exists(p):
                os.unlink(p)
        # foreground, log to the console, VRRP only, no respawn of a killed child (the kill is the test)
        return [KEEPALIVED, "-n", "-l", "-D", "-R", "--vrrp", "-f", conf, "-p", pid, "-r", vrrp, "-c", checker]

    def vrrp_pid(self, director):
        """The child that speaks VRRP (the parent only supervises it)."""
        path = self.files(director.index)[2]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with open(path) as f:
                    pid = int(f.read().strip())
                if is_keepalived(pid):
                    director.children.add(pid)
                    return pid
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        raise Failure(f"keepalived d{director.index}: no VRRP child in {path}")

    def stop_pid(self, director):
        return director.proc.pid  # SIGTERM to keepalived: its VRRP child advertises priority 0

    @staticmethod
    def transitions(text):
        return len(re.findall(r"Entering (MASTER|BACKUP|FAULT) STATE", text))

    @staticmethod
    def backup_started(text):
        return "Entering BACKUP STATE" in text


def is_keepalived(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"keepalived" in f.read()
    except OSError:
        return False


class Director:
    def __init__(self, segment, index):
        self.segment, self.index = segment, index
        self.ns = f"{PREFIX}-{segment.impl.key}{index}"
        self.proc = None
        self.children = set()
        self.log_path = os.path.join(segment.run_dir, f"{segment.impl.key}{index}.log")
        self.log_offset = 0

    def start(self):
        cmd = self.segment.impl.command(self.index)
        logf = open(self.log_path, "a")
        self.log_offset = logf.tell()
        self.proc = subprocess.Popen(["ip", "netns", "exec", self.ns, *cmd], stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.segment.run_dir)
        logf.close()
        if self not in self.segment.lab.processes:
            self.segment.lab.processes.append(self)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_text(self, whole=False):
        try:
            with open(self.log_path, errors="replace") as f:
                if not whole:
                    f.seek(self.log_offset)
                return f.read()
        except OSError:
            return ""

    def stop(self, grace=5.0):
        """SIGTERM, then SIGKILL after grace; also any keepalived VRRP child left behind."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            except ProcessLookupError:
                pass
        for pid in list(self.children):
            if is_keepalived(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.children.discard(pid)


# ---------------------------------------------------------------- the lab


class Segment:
    def __init__(self, lab, impl):
        self.lab, self.impl, self.run_dir = lab, impl, lab.run_dir
        k = impl.key
        self.client_ns = f"{PREFIX}-{k}c"
        self.d = {1: Director(self, 1), 2: Director(self, 2)}
        self.holds = {1: False, 2: False}
        self.vip_events = []      # (time, director, added)
        self.replies = []         # (kernel time, director)
        self.adverts = []         # (kernel time, director, priority)
        self.garps = []           # (kernel time, director): gratuitous ARPs for the VIP the client saw
        self.ping_seq = 0
        self.ping_id = (os.getpid() + (1 if k == "f" else 2)) & 0xFFFF
        self.probe = None         # seconds between pings, None: not pinging
        self.next_ping = 0.0
        self.sent = 0
        self.last_sent = 0.0
        self.max_gap = 0.0        # the longest pause between two pings (the probe's own lateness), since reset

    def open_sockets(self):
        def icmp():
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
            s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            s.setblocking(False)
            return s

        def adverts():
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
            s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            ifindex = socket.if_nametoindex("eth0")
            mreqn = socket.inet_aton("224.0.0.18") + socket.inet_aton("0.0.0.0") + struct.pack("i", ifindex)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
            s.setblocking(False)
            return s

        def netlink():
            s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
            s.bind((0, RTMGRP_IPV4_IFADDR))
            s.setblocking(False)
            return s

        def arp():
            s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0806))
            s.bind(("eth0", 0x0806))
            s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            s.setblocking(False)
            return s

        self.macs = {}
        for i in (1, 2):
            out = sh("ip", "-n", self.d[i].ns, "-o", "link", "show", "dev", "eth0").stdout
            self.macs[bytes.fromhex(out.split("link/ether ")[1][:17].replace(":", ""))] = i
        self.arp_sock = in_netns(self.client_ns, arp)
        self.icmp = in_netns(self.client_ns, icmp)
        self.advert_sock = in_netns(self.client_ns, adverts)
        self.nl = {i: in_netns(self.d[i].ns, netlink) for i in (1, 2)}
        self.handlers = {self.icmp: self.on_icmp, self.advert_sock: self.on_advert, self.arp_sock: self.on_arp}
        for i, s in self.nl.items():
            self.handlers[s] = (lambda i: lambda: self.on_netlink(i))(i)

    def ping(self):
        self.ping_seq = (self.ping_seq + 1) & 0xFFFF
        body = struct.pack("!d", time.time())
        hdr = struct.pack("!BBHHH", 8, 0, 0, self.ping_id, self.ping_seq)
        pkt = struct.pack("!BBHHH", 8, 0, checksum(hdr + body), self.ping_id, self.ping_seq) + body
        now = time.monotonic()
        self.max_gap = max(self.max_gap, now - self.last_sent)
        self.last_sent = now
        try:
            self.icmp.sendto(pkt, (VIP, 0))
            self.sent += 1
        except OSError:
            pass  # e.g. no neighbour yet (EHOSTUNREACH after failed resolution): the next one

    def on_icmp(self):
        while True:
            try:
                data, anc, _, _ = self.icmp.recvmsg(256, 256)
            except BlockingIOError:
                return
            ihl = (data[0] & 0x0F) * 4
            if len(data) < ihl + 8:
                continue
            ttl = data[8]
            src = socket.inet_ntoa(data[12:16])
            typ, _, _, ident, _ = struct.unpack("!BBHHH", data[ihl:ihl + 8])
            if typ != 0 or ident != self.ping_id or src != VIP:
                continue
            who = 1 if ttl == TTL[1] else 2 if ttl == TTL[2] else 0
            self.replies.append((kernel_time(anc), who))

    def on_arp(self):
        while True:
            try:
                data, anc, _, _ = self.arp_sock.recvmsg(256, 256)
            except BlockingIOError:
                return
            # ARP for IPv4 over Ethernet: sender MAC at 8, sender IP at 14, target IP at 24
            if len(data) >= 28 and data[14:18] == socket.inet_aton(VIP) and data[24:28] == socket.inet_aton(VIP):
                self.garps.append((kernel_time(anc), self.macs.get(bytes(data[8:14]), 0)))

    def on_advert(self):
        while True:
            try:
                data, anc, _, _ = self.advert_sock.recvmsg(256, 256)
            except BlockingIOError:
                return
            ihl = (data[0] & 0x0F) * 4
            if len(data) < ihl + 4 or data[ihl + 1] != VRID:
                continue
            src = socket.inet_ntoa(data[12:16])
            who = 1 if src == D_ADDR[1] else 2 if src == D_ADDR[2] else 0
            self.adverts.append((kernel_time(anc), who, data[ihl + 2]))

    def on_netlink(self, i):
        s = self.nl[i]
        while True:
            try:
                data = s.recv(65536)
            except BlockingIOError:
                return
            now = time.time()
            off = 0
            while off + 16 <= len(data):
                length, kind = struct.unpack_from("IH", data, off)
                if length < 16:
                    break
                if kind in (RTM_NEWADDR, RTM_DELADDR) and off + 24 <= off + length:
                    family = data[off + 16]
                    a = off + 24
                    end = off + length
                    while family == socket.AF_INET and a + 4 <= end:
                        alen, atype = struct.unpack_from("HH", data, a)
                        if alen < 4:
                            break
                        if atype in (IFA_LOCAL, IFA_ADDRESS) and alen >= 8 and socket.inet_ntoa(data[a + 4:a + 8]) == VIP:
                            added = kind == RTM_NEWADDR
                            if self.holds[i] != added:
                                self.holds[i] = added
                                self.vip_events.append((now, i, added))
                            break
                        a += (alen + 3) & ~3
                off += (length + 3) & ~3

    # ---- queries

    def last_reply(self, who):
        for t, w in reversed(self.replies):
            if w == who:
                return t
        return None

    def first_reply_after(self, t0, who, start=0):
        for t, w in self.replies[start:] if start else self.replies:
            if t >= t0 and w == who:
                return t
        return None

    def first_vip_after(self, t0, who, added=True):
        for t, w, a in self.vip_events:
            if t >= t0 and w == who and a == added:
                return t
        return None

    def last_vip_event(self):
        return self.vip_events[-1][0] if self.vip_events else 0.0

    def trim(self, keep=5.0):
        cut = time.time() - keep
        self.replies = [r for r in self.replies if r[0] >= cut]
        self.adverts = [a for a in self.adverts if a[0] >= cut]
        self.garps = [a for a in self.garps if a[0] >= cut]


class Lab:
    def __init__(self, run_dir):
        self.run_dir = run_dir
        self.processes = []
        self.namespaces = []
        self.segments = []
        self.burners = []

    def create(self, impls):
        br = f"{PREFIX}-br"
        names = [br] + [f"{PREFIX}-{impl.key}{n}" for impl in impls for n in ("1", "2", "c")]
        for n in names:
            sh("ip", "netns", "del", n, check=False)  # a leftover of a killed run
        for n in names:
            sh("ip", "netns", "add", n)
            self.namespaces.append(n)
        for impl in impls:
            seg = Segment(self, impl)
            bridge = "br" + impl.key
            sh("ip", "-n", br, "link", "add", bridge, "type", "bridge")
            sh("ip", "-n", br, "link", "set", bridge, "up")
            nodes = [(seg.d[1].ns, D_ADDR[1], TTL[1]), (seg.d[2].ns, D_ADDR[2], TTL[2]), (seg.client_ns, CLIENT_ADDR, None)]
            for j, (ns, addr, ttl) in enumerate(nodes):
                port = f"{impl.key}p{j}"
                sh("ip", "-n", br, "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port)
                sh("ip", "-n", br, "link", "set", port, "master", bridge, "up")
                sh("ip", "-n", ns, "link", "set", "lo", "up")
                sh("ip", "-n", ns, "link", "set", "eth0", "up")
                sh("ip", "-n", ns, "addr", "add", addr + "/24", "dev", "eth0")
                if ttl:
                    sh("ip", "netns", "exec", ns, "sysctl", "-qw", f"net.ipv4.ip_default_ttl={ttl}")
            seg.open_sockets()
            self.segments.append(seg)
        return self.segments

    # ---- the event loop: pings, replies, adverts, address events

    def run_until(self, condition, timeout, action_at=None, action=None):
        """Serves the sockets (pinging each segment every seg.probe seconds) until condition() or timeout; returns condition()."""
        deadline = time.monotonic() + timeout
        handlers = {}
        for seg in self.segments:
            handlers.update(seg.handlers)
        socks = list(handlers)
        while True:
            now = time.monotonic()
            if action is not None and now >= action_at:
                action()
                action = None
            if condition():
                return True
            if now >= deadline:
                return condition()
            wake = deadline
            for seg in self.segments:
                if seg.probe is None:
                    continue
                if now >= seg.next_ping:
                    seg.ping()
                    seg.next_ping = max(seg.next_ping + seg.probe, now)
                wake = min(wake, seg.next_ping)
            if action is not None:
                wake = min(wake, action_at)
            readable, _, _ = select.select(socks, [], [], max(0.0, wake - time.monotonic()))
            for s in readable:
                handlers[s]()

    def sleep(self, seconds):
        self.run_until(lambda: False, seconds)

    # ---- CPU-saturating neighbours

    def start_burners(self, n):
        for _ in range(n):
            self.burners.append(subprocess.Popen(["/bin/sh", "-c", "while :; do :; done"], start_new_session=True))

    def stop_burners(self):
        for b in self.burners:
            if b.poll() is None:
                b.kill()
                b.wait(5)
        self.burners = []

    def close(self):
        self.stop_burners()
        for d in self.processes:
            try:
                d.stop()
            except Exception as e:  # keep cleaning up
                log(f"stopping {d.ns}: {e}")
        for seg in self.segments:
            for s in [getattr(seg, "icmp", None), getattr(seg, "advert_sock", None), getattr(seg, "arp_sock", None),
                      *getattr(seg, "nl", {}).values()]:
                if s is not None:
                    s.close()
        for n in self.namespaces:
            sh("ip", "netns", "del", n, check=False)


# ---------------------------------------------------------------- the scenario


def steady(lab, seg, settle):
    """d1 alive and holding the VIP, answering, advertising; d2 alive, not holding it; nothing moved for settle."""
    now = time.time()
    adv = seg.adv
    if not (seg.d[1].alive() and seg.d[2].alive()):
        return False
    if not seg.holds[1] or seg.holds[2] or now - seg.last_vip_event() < settle:
        return False
    r1, r2 = seg.last_reply(1), seg.last_reply(2)
    if r1 is None or now - r1 > 0.05 or (r2 is not None and now - r2 < settle):
        return False
    last1 = max((t for t, w, p in seg.adverts if w == 1 and p > 0), default=None)
    any2 = any(w == 2 and now - t < settle for t, w, p in seg.adverts)
    return last1 is not None and now - last1 < 1.5 * adv and not any2


def bring_up(lab, seg):
    """Starts d2 (backup) then d1, and waits until d2 says it is backup and d1 holds the VIP steadily."""
    for i in (2, 1):
        if not seg.d[i].alive():
            seg.d[i].start()
    seg.probe = IDLE_PROBE
    ok = lab.run_until(lambda: seg.impl.backup_started(seg.d[2].log_text()) and steady(lab, seg, seg.settle), 60)
    if not ok:
        raise Failure(f"{seg.impl.name} v{seg.version}: no steady state within 60 s (d1 holds {seg.holds[1]}, d2 holds {seg.holds[2]})\n"
                      + tail(seg))


def tail(seg, n=15):
    out = []
    for i in (1, 2):
        lines = seg.d[i].log_text(whole=True).splitlines()[-n:]
        out.append(f"---- {seg.d[i].log_path} (last {len(lines)} lines)\n" + "\n".join(lines))
    return "\n".join(out)


def one_failover(lab, seg, graceful, phase):
    """One run, the signal sent phase seconds after one of d1's adverts arrived: returns the times in seconds
    (None where not seen), then restores d1 as master."""
    version, adv = seg.version, seg.adv
    seg.probe = PROBE_MS / 1000
    try:
        if not lab.run_until(lambda: steady(lab, seg, seg.settle), 60):
            raise Failure(f"{seg.impl.name} v{version}: not steady within 60 s before a run\n" + tail(seg))
        lab.sleep(0.2)  # pinging at full rate
        d1 = seg.d[1]
        pid = seg.impl.stop_pid(d1) if graceful else seg.impl.vrrp_pid(d1)
        sig = signal.SIGTERM if graceful else signal.SIGKILL
        seen = len(seg.adverts)
        if not lab.run_until(lambda: any(w == 1 and p > 0 for t, w, p in seg.adverts[seen:]), 3 * adv + 1):
            raise Failure(f"{seg.impl.name} v{version}: no advert from d1 within {3 * adv + 1:g} s\n" + tail(seg))
        t0 = [None]
        mark = [0]

        def act():
            mark[0] = len(seg.replies)
            t0[0] = time.time()
            os.kill(pid, sig)
            seg.max_gap = 0.0

        limit = (master_down(version, PRIORITY[2]) if not graceful else adv) + 5
        lab.run_until(lambda: t0[0] is not None and seg.first_reply_after(t0[0], 2, mark[0]) is not None
                      and seg.first_vip_after(t0[0], 2) is not None, limit, action_at=time.monotonic() + phase, action=act)
        t0 = t0[0]
        answer = seg.first_reply_after(t0, 2, mark[0])
        address = seg.first_vip_after(t0, 2)
        first2 = min((t for t, w, p in seg.adverts if w == 2 and t >= t0), default=None)
        if graceful:  # d1's priority-0 advert: the goodbye, and what the backup's skew timer runs from
            last1 = min((t for t, w, p in seg.adverts if w == 1 and p == 0 and t >= t0), default=None)
        else:
            last1 = max((t for t, w, p in seg.adverts if w == 1 and p > 0 and t < t0 + 1), default=None)
        garp = min((t for t, w in seg.garps if w == 2 and t >= t0), default=None)
        result = {"answer": answer and answer - t0, "address": address and address - t0, "garp": garp and garp - t0,
                  "timer": first2 - last1 if first2 and last1 else None,
                  "goodbye": last1 - t0 if graceful and last1 else None, "probe gap": seg.max_gap,
                  "since advert": answer - last1 if answer and last1 and not graceful else None}
    finally:
        seg.probe = IDLE_PROBE
    # restore: d1's process gone, the VIP it may have left behind (kill -9 cleans nothing up) removed, d1 back
    d1 = seg.d[1]
    deadline = time.monotonic() + 15
    while d1.alive() and time.monotonic() < deadline:
        lab.sleep(0.05)
    if d1.alive():
        d1.stop()
    d1.stop()  # a keepalived VRRP child left behind
    lab.sleep(0.05)
    if seg.holds[1]:
        sh("ip", "-n", d1.ns, "addr", "del", VIP + "/32", "dev", "eth0", check=False)
    d1.start()
    # the next run (of either implementation) starts only once this pair is steady again: a JVM starting up
    # must not share the CPU with the other implementation's measurement
    if not lab.run_until(lambda: steady(lab, seg, seg.settle), 60):
        raise Failure(f"{seg.impl.name} v{version}: d1 did not take the VIP back within 60 s\n" + tail(seg))
    seg.trim()
    return result


def summarize(values):
    v = [x for x in values if x is not None]
    if not v:
        return None
    return {"n": len(v), "min": min(v), "p50": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99), "max": max(v),
            "mean": sum(v) / len(v)}


def ms(x):
    return "-" if x is None else f"{x * 1000:.0f}"


def failover_runs(lab, segments, cases, runs_v3, runs_v2, rng):
    results = {}
    for version in cases:
        runs = runs_v3 if version == 3 else runs_v2
        if runs <= 0:
            continue
        for seg in segments:
            seg.version, seg.adv = version, interval_of(version)
            seg.settle = 1.0 if version == 3 else 2.5
            seg.impl.configure(version)
            bring_up(lab, seg)
        for graceful in (False, True):
            kind = "graceful (SIGTERM)" if graceful else "kill -9"
            log(f"== VRRPv{version} @ {ms(interval_of(version))} ms, {kind}, {runs} runs each "
                f"(Master_Down_Interval of d2: {ms(master_down(version, PRIORITY[2]))} ms)   load {loadavg()}")
            # the signal goes at a random phase of d1's advert timer, the same phases for both implementations
            phases = [rng.uniform(0, interval_of(version)) for _ in range(runs)]
            for r in range(runs):
                order = segments if r % 2 == 0 else list(reversed(segments))
                for seg in order:
                    res = one_failover(lab, seg, graceful, phases[r])
                    results.setdefault((version, graceful, seg.impl.name), []).append(res)
                    log(f"  run {r + 1:2d} phase {ms(phases[r]):>4s} {seg.impl.name:10s} answer {ms(res['answer']):>5s} ms   address {ms(res['address']):>5s} ms   garp {ms(res['garp']):>5s} ms   "
                        f"timer {ms(res['timer']):>5s} ms" + (f"   goodbye {ms(res['goodbye']):>5s} ms" if graceful else "")
                        + f"   (longest ping gap {res['probe gap'] * 1000:.1f} ms)")
        for seg in segments:
            for i in (1, 2):
                seg.d[i].stop()
        lab.sleep(0.2)
        for seg in segments:  # a fresh start for the next version
            for i in (1, 2):
                if seg.holds[i]:
                    sh("ip", "-n", seg.d[i].ns, "addr", "del", VIP + "/32", "dev", "eth0", check=False)
    return results


def print_results(results, segments):
    log()
    log("answer: from the signal to the backup's first echo reply to the client (the failover time); ms")
    log("address: to the VIP on the backup; garp: to its first gratuitous ARP at the client; timer: the backup's first advert after the master's last one (kill -9) or after its")
    log("priority-0 advert (graceful); goodbye: from SIGTERM to the master's priority-0 advert; after advert: from the master's last")
    log("advert (as the client saw it) to the answer, the failover time without the kill's random phase (kill -9); medians")
    log(f"{'case':24s} {'impl':10s} {'n':>3s} {'min':>5s} {'p50':>5s} {'p90':>5s} {'p99':>5s} {'max':>5s} {'mean':>5s} "
        f"{'address':>7s} {'garp':>5s} {'timer':>5s} {'goodbye':>7s} {'after advert':>12s} {'failed':>6s}")
    names = [s.impl.name for s in segments]
    for (version, graceful) in sorted({(k[0], k[1]) for k in results}, key=lambda k: (-k[0], k[1])):
        case = f"v{version} @ {ms(interval_of(version))} ms {'graceful' if graceful else 'kill -9'}"
        medians = {}
        for name in names:
            rs = results.get((version, graceful, name), [])
            a, ad, ga, tm, gb, sa = (summarize([r[k] for r in rs]) for k in ("answer", "address", "garp", "timer", "goodbye", "since advert"))
            failed = sum(1 for r in rs if r["answer"] is None)
            if a is None:
                log(f"{case:24s} {name:10s} {len(rs):3d} (no failover seen)")
                continue
            medians[name] = a["p50"]
            if sa:
                medians[name + " after advert"] = sa["p50"]
            log(f"{case:24s} {name:10s} {a['n']:3d} {ms(a['min']):>5s} {ms(a['p50']):>5s} {ms(a['p90']):>5s} {ms(a['p99']):>5s} "
                f"{ms(a['max']):>5s} {ms(a['mean']):>5s} {ms(ad and ad['p50']):>7s} {ms(ga and ga['p50']):>5s} {ms(tm and tm['p50']):>5s} "
                f"{ms(gb and gb['p50']):>7s} {ms(sa and sa['p50']):>12s} {failed:6d}")
        if "Fulcrum" in medians and "keepalived" in medians and medians["keepalived"] > 0:
            extra = ""
            if medians.get("keepalived after advert") and medians.get("Fulcrum after advert"):
                extra = f" (after advert: {medians['Fulcrum after advert'] / medians['keepalived after advert']:.2f})"
            log(f"{case:24s} ratio of medians Fulcrum/keepalived: {medians['Fulcrum'] / medians['keepalived']:.2f}{extra}")


def soak(lab, segments, seconds, burners):
    log()
    log(f"== soak: VRRPv3 @ 100 ms for {seconds} s next to {burners} busy-loop processes   load {loadavg()}")
    for seg in segments:
        seg.version, seg.adv, seg.settle = 3, 0.1, 1.0
        seg.impl.configure(3)
        bring_up(lab, seg)
    start = time.time()
    marks = {}
    answered = {seg: {1: 0, 2: 0} for seg in segments}
    sent0 = {}
    for seg in segments:
        seg.probe = 0.01  # the client keeps pinging the VIP, 100 a second: who answers, and what is lost
        seg.adverts = []
        seg.replies = []
        sent0[seg] = seg.sent
        marks[seg] = (len(seg.vip_events), {i: len(seg.d[i].log_text(whole=True)) for i in (1, 2)})
    lab.start_burners(burners)
    cpu0 = burner_cpu(lab)
    gaps = {seg: [] for seg in segments}
    last = {seg: None for seg in segments}
    from_backup = {seg: 0 for seg in segments}
    end = time.monotonic() + seconds
    next_report = time.monotonic() + 60
    while time.monotonic() < end:
        lab.sleep(min(1.0, end - time.monotonic()))
        for seg in segments:  # fold the adverts into gaps, keep memory flat
            for t, w, p in seg.adverts:
                if w == 1:
                    if last[seg] is not None:
                        gaps[seg].append(t - last[seg])
                    last[seg] = t
                elif w == 2:
                    from_backup[seg] += 1
            seg.adverts = []
            for t, w in seg.replies:
                if w in (1, 2):
                    answered[seg][w] += 1
            seg.replies = []
            for i in (1, 2):
                if not seg.d[i].alive():
                    raise Failure(f"{seg.impl.name} d{i} exited during the soak\n" + tail(seg))
        if time.monotonic() >= next_report:
            next_report += 60
            moved = {seg.impl.name: len(seg.vip_events) - marks[seg][0] for seg in segments}
            log(f"  {time.time() - start:5.0f} s: VIP events so far {moved}   load {loadavg()}")
    busy = (burner_cpu(lab) - cpu0) / seconds
    lab.stop_burners()
    for seg in segments:
        seg.probe = IDLE_PROBE
    lab.sleep(0.1)
    for seg in segments:
        for t, w in seg.replies:
            if w in (1, 2):
                answered[seg][w] += 1
    log(f"  burners used {busy:.2f} cores on average; load after {loadavg()}")
    log()
    mdi = master_down(3, PRIORITY[2])
    log(f"{'impl':10s} {'VIP moves':>9s} {'state changes':>13s} {'adverts from backup':>19s} {'master adverts':>14s} "
        f"{'gap p50':>7s} {'p99':>5s} {'p99.9':>6s} {'max':>5s} {'pings':>7s} {'by d2':>5s} {'lost':>5s}  (ms; Master_Down_Interval {ms(mdi)} ms)")
    out = {}
    for seg in segments:
        events = seg.vip_events[marks[seg][0]:]
        changes = sum(seg.impl.transitions(seg.d[i].log_text(whole=True)[marks[seg][1][i]:]) for i in (1, 2))
        g = gaps[seg]
        out[seg.impl.name] = (len(events), changes, from_backup[seg], g)
        log(f"{seg.impl.name:10s} {len(events):9d} {changes:13d} {from_backup[seg]:19d} {len(g) + 1:14d} "
            f"{ms(pct(g, 50) if g else None):>7s} {ms(pct(g, 99) if g else None):>5s} {ms(pct(g, 99.9) if g else None):>6s} "
            f"{ms(max(g) if g else None):>5s} {seg.sent - sent0[seg]:7d} {answered[seg][2]:5d} "
            f"{max(0, seg.sent - sent0[seg] - answered[seg][1] - answered[seg][2]):5d}")
        for t, w, a in events:
            log(f"    {t - start:8.3f} s: VIP {'added to' if a else 'removed from'} d{w}")
    for seg in segments:
        for i in (1, 2):
            seg.d[i].stop()
    return out


def burner_cpu(lab):
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for b in lab.burners:
        try:
            with open(f"/proc/{b.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20, help="failover runs per case at v3 @ 100 ms (v2 @ 1 s: half, at least 1); 0: none")
    ap.add_argument("--soak", type=int, default=0, help="then SECONDS of the soak (0: none)")
    ap.add_argument("--case", choices=["all", "v3", "v2"], default="all")
    ap.add_argument("--only", choices=["both", "fulcrum", "keepalived"], default="both")
    ap.add_argument("--burners", type=int, default=os.cpu_count(), help="busy-loop processes in the soak (default: one per core)")
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--java-opts", default="")
    ap.add_argument("--keep", action="store_true", help="keep the logs")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("vrrp bench: needs root (network namespaces, raw sockets)")
    if args.only != "fulcrum" and not os.access(KEEPALIVED, os.X_OK):
        sys.exit(f"vrrp bench: {KEEPALIVED} is not installed (apt-get install keepalived)")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, stop)

    # The probe must not wait for a CPU behind the load it measures: this process (pinging, reading replies, killing)
    # runs at SCHED_FIFO 1; it sleeps in select() between 1 ms pings. Its children (the VRRP daemons) do not inherit it.
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO | os.SCHED_RESET_ON_FORK, os.sched_param(1))
        sched = "SCHED_FIFO 1 (children: SCHED_OTHER)"
    except OSError as e:
        sched = f"SCHED_OTHER (SCHED_FIFO refused: {e.strerror})"
    gc.disable()  # no collector pauses in the probe loop (it makes no reference cycles that matter)
    run_dir = tempfile.mkdtemp(prefix="vrrp-bench.")
    lab = Lab(run_dir)
    ok = False
    try:
        impls = []
        if args.only in ("both", "fulcrum"):
            impls.append(Fulcrum(run_dir, args.java, args.java_opts.split(), args.classpath))
        if args.only in ("both", "keepalived"):
            impls.append(Keepalived(run_dir))
        log(f"vrrp bench {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}: {os.cpu_count()} cores, load {loadavg()}, "
            f"kernel {os.uname().release}, seed {seed}")
        log(f"  Fulcrum: VrrpMain, java {args.java_opts}; keepalived: {sh(KEEPALIVED, '--version', check=False).stdout.splitlines()[0]}")
        log(f"  probe: ICMP echo to the VIP every {PROBE_MS:g} ms from the client namespace, kernel receive timestamps; "
            f"the probe's process at {sched}")
        segments = lab.create(impls)
        cases = {"all": [3, 2], "v3": [3], "v2": [2]}[args.case]
        if args.runs > 0:
            results = failover_runs(lab, segments, cases, args.runs, max(1, args.runs // 2), rng)
            print_results(results, segments)
        if args.soak > 0:
            soak(lab, segments, args.soak, args.burners)
        log(f"\nload at the end: {loadavg()}")
        ok = True
    except KeyboardInterrupt as e:
        log(f"\ninterrupted ({e}); cleaning up")
    except Failure as e:
        log(f"\nvrrp bench failed: {e}")
    finally:
        lab.close()
        if ok and not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            log(f"logs: {run_dir}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
