package io.fulcrum.controlplane.grpc.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.controlplane.service.ApiProblem;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcProblemsTest {
    private static Status.Code code(int status) {
        return GrpcProblems.code(new ApiProblem(status, "t", "d", List.of()));
    }

    /** UNAVAILABLE is the code gRPC clients retry by themselves, as REST's 503 carries Retry-After. */
    @Test
    void aDatabaseOutOfReachIsUnavailableAndAnUnknownFailureInternal() {
        assertThat(code(503)).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(code(500)).isEqualTo(Status.Code.INTERNAL);
        assertThat(code(412)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
}
