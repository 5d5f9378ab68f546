package io.fulcrum.model.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fulcrum.model.ValidationException;

/**
 * Configuration documents from outside (files, REST bodies), fuzzed (Jazzer): any text parses and decodes
 * to a document or is refused with a {@link ValidationException}, never another exception. In a normal
 * test run each method runs its committed inputs (DocumentCodecFuzzTestInputs/METHOD/); JAZZER_FUZZ=1
 * fuzzes (bin/fulcrum bench fuzz).
 */
class DocumentCodecFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyTextIsADocumentOrRefusedWithFieldErrors(String text) {
        if (text == null) return; // Jazzer's null: no caller passes one (a body or a file is at least empty)
        try {
            DocumentCodec.decodeDocument(DocumentCodec.parse(text), false);
        } catch (ValidationException refused) {
            // the typed error: the text is not a valid document
        }
    }
}
