package io.fulcrum.controlplane.service.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.store.RealServerRow;
import io.fulcrum.controlplane.store.ResourceRow;
import io.fulcrum.model.Enums;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The bookkeeping every write does on a resource's row: new rows, versions, times, address families. */
public final class Rows {
    private Rows() {}

    static <R extends ResourceRow> R newRow(R row, String name) {
        row.name = name;
        row.version = 0;
        row.createdAt = now();
        return row;
    }

    /** The row's new spec: its version bumped (1 when created) and its update time. */
    static void touch(ResourceRow row, ObjectNode spec, boolean created) {
        row.spec = spec.toString();
        row.version = created ? 1 : row.version + 1;
        row.updatedAt = now();
    }

    static RealServerRow newRow(RealServerRow row, String name) {
        row.name = name;
        row.version = 0;
        row.createdAt = now();
        return row;
    }

    static void touch(RealServerRow row, ObjectNode spec, boolean created) {
        row.spec = spec.toString();
        row.version = created ? 1 : row.version + 1;
        row.updatedAt = now();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** The family column: 4 or 6 (the rules' writes and an apply's bulk creates alike). */
    public static short family(Enums.AddressFamily f) {
        return (short) (f == Enums.AddressFamily.INET ? 4 : 6);
    }
}
