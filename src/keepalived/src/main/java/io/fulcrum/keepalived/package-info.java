/**
 * keepalived.conf in and out: {@link io.fulcrum.keepalived.ConfReader} reads the files (includes, {@code @node}
 * conditionals, {@code $VARIABLES}) into {@link io.fulcrum.keepalived.ConfNode} trees, {@link
 * io.fulcrum.keepalived.KeepalivedImport} maps them to a configuration document with a {@link
 * io.fulcrum.keepalived.ImportReport} of every keyword, and {@link io.fulcrum.keepalived.KeepalivedExport}
 * renders one director's part of a document as keepalived.conf. Pure except for reading the files.
 */
package io.fulcrum.keepalived;
