package io.fulcrum.cli.http;

import java.util.function.Consumer;

/**
 * Reads a text/event-stream line by line (HTML's server-sent events: {@code event:}, {@code data:},
 * {@code id:} fields, a blank line ends an event, a line starting with {@code :} is a comment) and hands
 * each complete event on.
 */
public final class ServerSentEvents implements Consumer<String> {
    /** One event: its type ("message" by default), its data lines joined by newlines, and its id or null. */
    public record Event(String type, String data, String id) {}

    private final Consumer<Event> sink;
    private String type;
    private StringBuilder data;
    private String id;

    public ServerSentEvents(Consumer<Event> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (data == null) data = new StringBuilder();
                else data.append('\n');
                data.append(value);
            }
            case "id" -> id = value;
            default -> {} // retry and unknown fields: nothing to show
        }
    }

    private void dispatch() {
        if (data != null) sink.accept(new Event(type == null ? "message" : type, data.toString(), id));
        type = null;
        data = null;
    }
}
