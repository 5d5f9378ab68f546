/**
 * The one JSON/YAML codec of the model ({@link io.fulcrum.model.codec.DocumentCodec}): openapi.yaml's
 * schemas and the configuration document to records and back, every invalid field collected and named
 * by its JSON pointer. Jackson trees and text in and out; its only I/O is reading a document file.
 */
package io.fulcrum.model.codec;
