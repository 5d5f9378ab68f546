package io.fulcrum.controlplane.agents;

import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.agent.v1.AgentService on the gRPC port: each call is an {@link AgentSession}. */
@ApplicationScoped
public class AgentStreamService extends AgentServiceGrpc.AgentServiceImplBase {
    @Inject
    AgentHub hub;

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControlMessage> responses) {
        return new AgentSession(hub, (ServerCallStreamObserver<ControlMessage>) responses);
    }
}
