package io.fulcrum.controlplane.service.commit;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Routes {@link GroupCommitted} writes through {@link GroupCommit}; runs outside @Transactional (priority 200). */
@GroupCommitted
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class GroupCommitInterceptor {
    @Inject
    GroupCommit groupCommit;

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        GroupCommitted binding = ctx.getMethod().getAnnotation(GroupCommitted.class);
        return groupCommit.run(ctx::proceed, binding == null || binding.savepoint());
    }
}
