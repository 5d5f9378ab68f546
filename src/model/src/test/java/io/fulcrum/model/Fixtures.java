package io.fulcrum.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;

/**
 * Test inputs in their wire form (fresh, mutable trees on every call) and small helpers to edit
 * them by JSON pointer and to collect the errors of a rejected input.
 */
public final class Fixtures {
    private Fixtures() {}

    public static final String PASSWORD = "s3cr3t!x";

    // ------------------------------------------------------------------ helpers

    /** Parses strict JSON. */
    public static JsonNode json(String text) {
        try {
            return DocumentCodec.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }

    /**
     * Sets the value at {@code pointer} (its parent must exist; "-" appends to an array). A
     * {@link JsonNode} is used as is, anything else is converted (null becomes JSON null).
     */
    public static <T extends JsonNode> T set(T root, String pointer, Object value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        JsonNode v = value instanceof JsonNode n ? n : DocumentCodec.JSON.valueToTree(value);
        if (parent instanceof ObjectNode o) o.set(key, v);
        else if (parent instanceof ArrayNode a) {
            if (key.equals("-")) a.add(v);
            else a.set(Integer.parseInt(key), v);
        } else throw new IllegalArgumentException("no container at the parent of " + pointer);
        return root;
    }

    /** Removes the member or item at {@code pointer}. */
    public static <T extends JsonNode> T remove(T root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode o) o.remove(key);
        else if (parent instanceof ArrayNode a) a.remove(Integer.parseInt(key));
        else throw new IllegalArgumentException("no container at the parent of " + pointer);
        return root;
    }

    /** The errors of the ValidationException {@code call} throws; fails when it throws none. */
    public static List<FieldError> errorsOf(Runnable call) {
        try {
            call.run();
        } catch (ValidationException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ValidationException, but the input was accepted");
    }

    /** The JSON pointers of {@link #errorsOf}. */
    public static List<String> fieldsOf(Runnable call) {
        return errorsOf(call).stream().map(FieldError::field).toList();
    }

    // ------------------------------------------------------------------ directors

    public static ObjectNode director(String name, String address) {
        return object("""
                {"name": "%s", "managementAddress": "%s"}""".formatted(name, address));
    }

    public static ObjectNode fullDirector() {
        return object("""
                {
                  "name": "lb1",
                  "managementAddress": "2001:db8::10",
                  "description": "rack 4, left",
                  "labels": {"site": "par1", "example.com/role": "edge"}
                }""");
    }

    // ------------------------------------------------------------------ VRRP groups

    /** IPv4, version 2 (the default), members lb1 (150) and lb2 (100), VRID 10 on eth0. */
    public static ObjectNode minimalVrrpGroup() {
        return object("""
                {
                  "name": "vg1",
                  "vrid": 10,
                  "interface": "eth0",
                  "virtualAddresses": [{"address": "192.168.10.100/24"}],
                  "members": [
                    {"director": "lb1", "priority": 150},
                    {"director": "lb2", "priority": 100}
                  ]
                }""");
    }

    /** Every field of a VRRP group, none at its default. */
    public static ObjectNode fullVrrpGroup() {
        return object("""
                {
                  "name": "vg-web",
                  "description": "VIPs of the web tier",
                  "labels": {"env": "prod", "team": "net"},
                  "vrid": 51,
                  "interface": "eth0",
                  "version": 2,
                  "advertIntervalSeconds": 2,
                  "virtualAddresses": [
                    {"address": "192.168.10.100/24", "device": "eth0", "label": "eth0:web"},
                    {"address": "192.168.10.101"}
                  ],
                  "members": [
                    {"director": "lb1", "priority": 150, "initialState": "master", "unicastAddress": "10.0.0.1"},
                    {"director": "lb2", "priority": 100, "initialState": "backup", "unicastAddress": "10.0.0.2"}
                  ],
                  "preempt": true,
                  "preemptDelaySeconds": 30.5,
                  "authentication": {"type": "pass", "password": "%s"},
                  "unicast": true,
                  "syncGroup": "sg-web",
                  "trackInterfaces": [{"interface": "eth1", "weight": -20}, {"interface": "bond0"}],
                  "trackScripts": [
                    {"name": "chk-haproxy", "script": "/usr/libexec/fulcrum/check-haproxy.sh", "arguments": ["--port", "8080"],
                     "intervalSeconds": 2.5, "timeoutSeconds": 3, "weight": -30, "fall": 3, "rise": 2},
                    {"name": "chk-disk", "script": "/usr/libexec/fulcrum/check-disk.sh"}
                  ],
                  "trackVirtualServers": [{"virtualServer": "vs-web", "weight": -50}],
                  "garp": {"masterDelaySeconds": 1.5, "masterRepeat": 3, "masterRefreshSeconds": 60, "masterRefreshRepeat": 2},
                  "notify": {"master": "/etc/fulcrum/notify/master.sh", "backup": "/etc/fulcrum/notify/backup.sh",
                             "fault": "/etc/fulcrum/notify/fault.sh", "stop": "/etc/fulcrum/notify/stop.sh"},
                  "syncGroupNotify": {"master": {"script": "/etc/fulcrum/notify/sg.sh", "arguments": ["MASTER", "sg web"]},
                                      "any": "/etc/fulcrum/notify/sg-any.sh"},
                  "vmac": true,
                  "connectionSync": {"interface": "eth2", "syncId": 7}
                }""".formatted(PASSWORD));
    }

    /** IPv6, version 3, centisecond adverts. */
    public static ObjectNode ipv6VrrpGroup() {
        return object("""
                {
                  "name": "vg6",
                  "vrid": 10,
                  "interface": "eth0",
                  "version": 3,
                  "advertIntervalSeconds": 0.25,
                  "virtualAddresses": [{"address": "2001:db8:10::100/64"}, {"address": "2001:db8:10::101"}],
                  "members": [
                    {"director": "lb1", "priority": 255, "unicastAddress": "2001:db8::1"},
                    {"director": "lb2", "priority": 100, "unicastAddress": "2001:db8::2"}
                  ],
                  "unicast": true
                }""");
    }

    // ------------------------------------------------------------------ virtual servers

    /** 192.168.10.100:80/tcp with two real servers and nothing else. */
    public static ObjectNode minimalVirtualServer() {
        return object("""
                {
                  "name": "vs1",
                  "address": "192.168.10.100",
                  "port": 80,
                  "realServers": [
                    {"name": "rs1", "address": "10.1.0.11"},
                    {"name": "rs2", "address": "10.1.0.12"}
                  ]
                }""");
    }

    /** An address+port service with every field, and real servers with every field. */
    public static ObjectNode fullInetVirtualServer() {
        return object("""
                {
                  "name": "vs-web",
                  "description": "HTTPS front of the web tier",
                  "labels": {"app": "web", "tier": "front"},
                  "address": "192.168.10.100",
                  "port": 443,
                  "protocol": "tcp",
                  "scheduler": "sh",
                  "schedulerFlags": ["sh-port", "sh-fallback"],
                  "forwarding": "tun",
                  "tunnel": {"type": "gue", "port": 6080, "checksum": "remcsum"},
                  "persistence": {"timeoutSeconds": 300, "prefixLength": 24},
                  "onePacket": false,
                  "healthCheck": {
                    "type": "https",
                    "intervalSeconds": 3,
                    "timeoutSeconds": 2.5,
                    "retries": 2,
                    "delayBeforeRetrySeconds": 0.5,
                    "fall": 2,
                    "rise": 3,
                    "port": 8443,
                    "bindAddress": "192.168.10.2",
                    "alpha": true,
                    "http": {
                      "urls": [
                        {"path": "/healthz", "statusCodes": [200, 204], "digest": "0123456789abcdef0123456789abcdef",
                         "bodyContains": "ok", "bodyRegex": "^ok$"},
                        {"path": "/ready"}
                      ],
                      "virtualHost": "www.example.com",
                      "sni": "www.example.com",
                      "tlsVerify": true
                    }
                  },
                  "sorryServer": {"address": "192.168.20.1", "port": 8080, "forwarding": "nat", "inhibit": true},
                  "quorum": 2,
                  "hysteresis": 1,
                  "notify": {"quorumUp": "/etc/fulcrum/notify/up.sh", "quorumDown": "/etc/fulcrum/notify/down.sh"},
                  "omega": true,
                  "directors": ["lb1", "lb2"],
                  "realServers": [
                    {
                      "name": "web-1",
                      "description": "first web server",
                      "labels": {"rack": "r4"},
                      "address": "10.1.0.11",
                      "port": 8443,
                      "weight": 3,
                      "upperThreshold": 1000,
                      "lowerThreshold": 800,
                      "forwarding": "tun",
                      "healthCheck": {"intervalSeconds": 10, "fall": 5, "port": 9443,
                                      "http": {"urls": [{"path": "/rs-health", "statusCodes": [200]}]}},
                      "inhibitOnFailure": true,
                      "adminState": "draining",
                      "notify": {"up": "/etc/fulcrum/notify/rs-up.sh", "down": "/etc/fulcrum/notify/rs-down.sh"}
                    },
                    {"name": "web-2", "address": "10.1.0.12", "weight": 0, "adminState": "disabled"}
                  ]
                }""");
    }

    /** A firewall-mark service (IPv6) whose real servers use the other check types. */
    public static ObjectNode fullFwmarkVirtualServer() {
        return object("""
                {
                  "name": "vs-mark",
                  "fwmark": 4294967295,
                  "addressFamily": "inet6",
                  "scheduler": "mh",
                  "schedulerFlags": ["mh-fallback", "mh-port"],
                  "forwarding": "dr",
                  "persistence": {"timeoutSeconds": 60},
                  "onePacket": true,
                  "vrrpGroup": "vg6",
                  "realServers": [
                    {"name": "mail", "address": "2001:db8:20::1", "port": 25,
                     "healthCheck": {"type": "smtp", "smtp": {"heloName": "lb.example.com"}}},
                    {"name": "dns", "address": "2001:db8:20::2", "port": 53,
                     "healthCheck": {"type": "dns", "dns": {"name": "www.example.com", "type": "AAAA",
                                     "expectedAddresses": ["2001:db8::80", "2001:db8::81"]}}},
                    {"name": "syslog", "address": "2001:db8:20::3", "port": 514,
                     "healthCheck": {"type": "udp", "udp": {"send": "ping", "expect": "pong"}}},
                    {"name": "custom", "address": "2001:db8:20::4", "port": 9000,
                     "healthCheck": {"type": "misc", "misc": {"script": "/usr/libexec/fulcrum/check.sh",
                                     "arguments": ["--host", "2001:db8:20::4"], "dynamic": true}}}
                  ]
                }""");
    }

    // ------------------------------------------------------------------ documents

    /** Directors lb1..lb3, group vg1 (lb1, lb2) carrying 192.168.10.100, and vs1 on it. */
    public static ObjectNode document() {
        ObjectNode doc = object("""
                {"apiVersion": "fulcrum/v1", "directors": [], "vrrpGroups": [], "virtualServers": []}""");
        doc.withArray("/directors")
                .add(director("lb1", "10.0.0.1"))
                .add(director("lb2", "10.0.0.2"))
                .add(director("lb3", "10.0.0.3"));
        doc.withArray("/vrrpGroups").add(minimalVrrpGroup());
        doc.withArray("/virtualServers").add(set(minimalVirtualServer(), "/vrrpGroup", "vg1"));
        return doc;
    }
}
