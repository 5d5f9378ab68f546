package io.fulcrum.wire.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.model.ValidationException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A hostile control plane, fuzzed (Jazzer): whatever bytes arrive as a ControlMessage, the agent's handling
 * of a desired state (apply to what it holds, then the document it makes up) ends in a state or a typed
 * refusal ({@link InvalidProtocolBufferException}, {@link ValidationException}), never another exception.
 * In a normal test run it runs its committed inputs (DesiredStatesFuzzTestInputs/METHOD/); JAZZER_FUZZ=1
 * fuzzes (bin/fulcrum bench fuzz).
 */
class DesiredStatesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void aControlMessageIsAppliedOrRefused(byte[] wire) {
        ControlMessage m;
        try {
            m = ControlMessage.parseFrom(wire);
        } catch (InvalidProtocolBufferException refused) {
            return;
        }
        if (!m.hasDesired()) return;
        try {
            SortedMap<DesiredStates.Key, Resource> held = DesiredStates.apply(new TreeMap<>(), m.getDesired());
            DesiredStates.digest(held);
            DesiredDocuments.document(held, m.getDesired().getRevision());
        } catch (ValidationException refused) {
            // the typed refusal: NACKed, the previous state stays
        }
    }
}
