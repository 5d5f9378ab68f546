package io.fulcrum.controlplane.service.commit;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write that runs inside a {@link GroupCommit} batch: in a transaction it shares with other
 * concurrent writes, isolated from them by a savepoint. The method itself declares
 * {@code @Transactional(MANDATORY, dontRollbackOn = ApiProblem.class)}: the batch owns the transaction.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface GroupCommitted {
    /**
     * false for a write whose every refusal comes before its one write statement: it runs without a
     * savepoint (a failing write statement still fails the batch safely: its writes run again alone).
     */
    @Nonbinding
    boolean savepoint() default true;
}
