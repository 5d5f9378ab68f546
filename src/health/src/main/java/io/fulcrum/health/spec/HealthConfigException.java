package io.fulcrum.health.spec;

import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Health check configuration the director cannot run. Thrown when the desired state arrives, before
 * anything changes; every error names its field, e.g.
 * {@code virtualServers[web].realServers[rs1].healthCheck.misc.script}.
 */
public class HealthConfigException extends ValidationException {
    private static final long serialVersionUID = 1L;

    public HealthConfigException(List<FieldError> errors) {
        super(errors);
    }

    @Override
    public String getMessage() {
        return errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
