"""An independent client of the typed management API: stubs generated from proto/ by Debian's protoc
and grpc_python_plugin, python3-grpcio. Run by ManagementPythonIT: typed_client.py STUBS PORT CA TOKEN.
Drives CRUD with etags and field masks, the errors' rich details, paging, Watch and server reflection,
as a user's script would; prints one line per check and exits 1 on the first that fails."""
import sys
import threading

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import descriptor_pb2, field_mask_pb2, struct_pb2  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from grpc_reflection_v1 import reflection_pb2, reflection_pb2_grpc  # noqa: E402 (grpc/reflection/v1/reflection.proto)
from fulcrum.v1 import events_pb2, events_pb2_grpc, management_pb2 as m, management_pb2_grpc as mg  # noqa: E402
from fulcrum.v1 import resources_pb2 as r  # noqa: E402

port, ca, token = sys.argv[2], sys.argv[3], sys.argv[4]
creds = grpc.ssl_channel_credentials(root_certificates=open(ca, "rb").read())
channel = grpc.secure_channel("localhost:" + port, creds)
auth = [("authorization", "Bearer " + token)]
checks = 0


def check(what, ok):
    global checks
    if not ok:
        print("FAILED: " + what, flush=True)
        sys.exit(1)
    checks += 1
    print("ok: " + what, flush=True)


def failure(call):
    try:
        call()
    except grpc.RpcError as e:
        return e
    return None


def details(e):
    """The google.rpc.Status of grpc-status-details-bin: (BadRequest fields, ErrorInfo)."""
    raw = dict(e.trailing_metadata() or ()).get("grpc-status-details-bin")
    fields, info = {}, None
    if raw is None:
        return fields, info
    st = status_pb2.Status.FromString(raw)
    for any_ in st.details:
        if any_.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            any_.Unpack(bad)
            fields = {v.field: v.description for v in bad.field_violations}
        if any_.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            any_.Unpack(info)
    return fields, info


directors = mg.DirectorsStub(channel)
vss = mg.VirtualServersStub(channel)
reals = mg.RealServersStub(channel)
config = mg.ConfigurationStub(channel)

# ---- Watch from the current revision: the revision event of the write below
rev0 = config.GetRevision(m.GetRevisionRequest(), metadata=auth).revision
events = events_pb2_grpc.EventsStub(channel).Watch(
    events_pb2.WatchRequest(since_revision=rev0, types=[events_pb2.EVENT_TYPE_REVISION]), metadata=auth, timeout=60)
seen = []


def follow():
    try:
        for resp in events:  # each WatchResponse carries one or more events, in order
            for ev in resp.events:
                if ev.WhichOneof("body") == "revision":
                    seen.append(ev.revision)
                    return
    except grpc.RpcError:
        pass


watcher = threading.Thread(target=follow)
watcher.start()

# ---- CRUD with typed messages
d = directors.CreateDirector(m.CreateDirectorRequest(director=r.Director(
    name="py1", management_address="10.9.0.1", labels={"site": "py"})), metadata=auth)
check("create answers the director with its etag", d.etag == '"1"' and d.management_address == "10.9.0.1")
check("a new director is not connected", d.status.HasField("connected") and not d.status.connected)
got = directors.GetDirector(m.GetDirectorRequest(name="directors/py1"), metadata=auth)
check("get by resource name", got.name == "py1" and got.labels["site"] == "py" and got.metadata.revision == rev0 + 1)

e = failure(lambda: directors.CreateDirector(m.CreateDirectorRequest(director=r.Director(
    name="py1", management_address="10.9.0.2")), metadata=auth))
check("create of an existing one is ALREADY_EXISTS", e is not None and e.code() == grpc.StatusCode.ALREADY_EXISTS)

upd = directors.UpdateDirector(m.UpdateDirectorRequest(
    director=r.Director(name="py1", description="from python", etag=got.etag),
    update_mask=field_mask_pb2.FieldMask(paths=["description"])), metadata=auth)
check("a masked update changes only its field", upd.description == "from python"
      and upd.management_address == "10.9.0.1" and upd.etag == '"2"')
e = failure(lambda: directors.UpdateDirector(m.UpdateDirectorRequest(
    director=r.Director(name="py1", management_address="10.9.0.3", etag='"1"')), metadata=auth))
check("a stale etag is FAILED_PRECONDITION", e is not None and e.code() == grpc.StatusCode.FAILED_PRECONDITION)
fields, info = details(e)
check("with ErrorInfo naming the REST status", info is not None and info.domain == "fulcrum.v1"
      and info.metadata["httpStatus"] == "412")

vs = r.VirtualServer(name="pyweb", address="192.0.2.80", port=80, protocol=r.PROTOCOL_TCP,
                     scheduler=r.SCHEDULER_WRR, forwarding=r.FORWARDING_DR, directors=["py1"],
                     health_check=r.HealthCheck(type=r.CHECK_TYPE_HTTP, interval_seconds=2.5,
                                                http=r.HttpCheck(urls=[r.HttpUrl(path="/", status_codes=[struct_pb2.Value(string_value="200-299")])])),
                     real_servers=[r.RealServer(name="a", address="192.0.2.81", weight=0),
                                   r.RealServer(name="b", address="192.0.2.82", admin_state=r.ADMIN_STATE_DRAINING)])
made = vss.CreateVirtualServer(m.CreateVirtualServerRequest(virtual_server=vs), metadata=auth)
check("a virtual server with enums, a health check and real servers", made.scheduler == r.SCHEDULER_WRR
      and made.health_check.interval_seconds == 2.5 and [x.name for x in made.real_servers] == ["a", "b"])
check("weight 0 is kept apart from absent", made.real_servers[0].HasField("weight") and made.real_servers[0].weight == 0)
page = reals.ListRealServers(m.ListRealServersRequest(parent="virtualServers/pyweb", page_size=1), metadata=auth)
check("a page of one and a token", len(page.real_servers) == 1 and page.next_page_token != "")
page2 = reals.ListRealServers(m.ListRealServersRequest(parent="virtualServers/pyweb", page_size=1,
                                                       page_token=page.next_page_token), metadata=auth)
check("the next page", [x.name for x in page2.real_servers] == ["b"] and page2.next_page_token == "")

rev = config.GetRevision(m.GetRevisionRequest(), metadata=auth).revision
bad = r.VirtualServer(name="pybad", address="192.0.2.90", port=80, directors=["py1"])
bad.scheduler = 77  # no such value
e = failure(lambda: vss.CreateVirtualServer(m.CreateVirtualServerRequest(virtual_server=bad), metadata=auth))
fields, _ = details(e)
check("a wrong enum value is INVALID_ARGUMENT naming the field",
      e is not None and e.code() == grpc.StatusCode.INVALID_ARGUMENT and "/scheduler" in fields)
e = failure(lambda: directors.CreateDirector(m.CreateDirectorRequest(director=r.Director(name="py2")), metadata=auth))
fields, _ = details(e)
check("a missing required field is named", e is not None and list(fields) == ["/managementAddress"])
check("nothing half-written", config.GetRevision(m.GetRevisionRequest(), metadata=auth).revision == rev)
e = failure(lambda: directors.GetDirector(m.GetDirectorRequest(name="directors/py1"), metadata=[]))
check("no token: UNAUTHENTICATED", e is not None and e.code() == grpc.StatusCode.UNAUTHENTICATED)

doc = config.ExportConfig(m.ExportConfigRequest(), metadata=auth)
check("the exported document is typed", doc.api_version == "fulcrum/v1"
      and any(v.name == "pyweb" for v in doc.virtual_servers))
plan = config.PlanConfig(m.PlanConfigRequest(document=doc), metadata=auth)
check("the same document plans no writes", plan.HasField("writes") and not plan.writes)

vss.DeleteVirtualServer(m.DeleteVirtualServerRequest(name="virtualServers/pyweb"), metadata=auth)
directors.DeleteDirector(m.DeleteDirectorRequest(name="directors/py1", etag=upd.etag), metadata=auth)
e = failure(lambda: directors.GetDirector(m.GetDirectorRequest(name="directors/py1"), metadata=auth))
check("deleted", e is not None and e.code() == grpc.StatusCode.NOT_FOUND)

watcher.join(30)
events.cancel()
check("Watch delivered the revision of the first write", len(seen) == 1 and seen[0].revision == rev0 + 1
      and seen[0].changes[0].resource == r.RESOURCE_KIND_DIRECTOR and seen[0].changes[0].name == "py1")

# ---- server reflection, as grpcurl list / describe use it
reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
answers = list(reflection.ServerReflectionInfo(iter([
    reflection_pb2.ServerReflectionRequest(list_services=""),
    reflection_pb2.ServerReflectionRequest(file_containing_symbol="fulcrum.v1.VirtualServer"),
]), timeout=30))
services = {s.name for s in answers[0].list_services_response.service}
check("reflection lists the services", {"fulcrum.v1.Directors", "fulcrum.v1.VirtualServers", "fulcrum.v1.RealServers",
                                        "fulcrum.v1.Configuration", "fulcrum.v1.Tokens", "fulcrum.v1.Events"} <= services)
files = [descriptor_pb2.FileDescriptorProto.FromString(b)
         for b in answers[1].file_descriptor_response.file_descriptor_proto]
message = next(t for f in files if f.package == "fulcrum.v1" for t in f.message_type if t.name == "VirtualServer")
check("reflection describes a message", {"name", "scheduler", "real_servers", "health_check"}
      <= {f.name for f in message.field})

print("python client: %d checks passed" % checks, flush=True)
