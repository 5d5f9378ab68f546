package io.fulcrum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program the agent runs on an event (a notify hook): the absolute path of a script in the agent's
 * allowed directory and the arguments it is given, passed as they are, without a shell. keepalived
 * writes the same as one quoted command line ({@code notify_master "/usr/local/bin/vrrp.sh MASTER VI_1"});
 * the keepalived import splits it into these two parts.
 */
public record Hook(String script, List<String> arguments) {
    public Hook {
        Objects.requireNonNull(script, "script");
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    /** A hook without arguments of its own. */
    public static Hook of(String script, String... arguments) {
        return new Hook(script, List.of(arguments));
    }

    /**
     * The hook's own arguments, then {@code extra}: keepalived passes what it adds (the generic notify's
     * type, name, state and priority) after the configured arguments (keepalived.conf(5), {@code notify}).
     */
    public List<String> argumentsThen(List<String> extra) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(extra);
        return all;
    }
}
