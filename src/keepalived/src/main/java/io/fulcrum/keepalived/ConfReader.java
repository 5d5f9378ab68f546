package io.fulcrum.keepalived;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads keepalived.conf into {@link ConfNode} trees the way keepalived reads it (keepalived.conf(5)):
 * '#' and '!' start comments, "quoted strings" are one word, braces open and close blocks (also on one
 * line, "group { VI_1 VI_2 }"), {@code include PATTERN} reads the files a glob matches (relative to the
 * including file's directory), a line prefixed {@code @name} counts only on the node whose config id is
 * {@code name} ({@code @^name}: everywhere else), and {@code $NAME=value} defines a word that {@code
 * $NAME} or {@code ${NAME}} stands for later.
 */
public final class ConfReader {
    private static final Pattern DEFINITION = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final int MAX_INCLUDE_DEPTH = 16;
    /** Files read per {@link #read}: includes that fan out (each file including the next one twice) stop here. */
    static final int MAX_FILES_READ = 1_000;
    /** Blocks inside blocks: keepalived's deepest is four (virtual_server, real_server, HTTP_GET, url). */
    static final int MAX_BLOCK_DEPTH = 64;
    /** Characters of one line after {@code $NAME} substitution: a short text must not expand without bound. */
    static final int MAX_LINE = 64 * 1024;

    /** Where the text comes from: files on disk, or in-memory text (no includes). */
    public interface Source {
        String read(Path file) throws IOException;

        /** The files {@code pattern} (a glob, already absolute or relative to {@code dir}) matches, sorted. */
        List<Path> glob(Path dir, String pattern) throws IOException;
    }

    /** Files on disk. */
    public static final Source FILES = new Source() {
        @Override
        public String read(Path file) throws IOException {
            return Files.readString(file);
        }

        @Override
        public List<Path> glob(Path dir, String pattern) throws IOException {
            Path p = dir.resolve(pattern);
            Path parent = p.getParent();
            String name = p.getFileName().toString();
            List<Path> out = new ArrayList<>();
            if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
                if (Files.isRegularFile(p)) out.add(p);
                return out;
            }
            if (parent == null || !Files.isDirectory(parent)) return out;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, name)) {
                for (Path f : ds) if (Files.isRegularFile(f)) out.add(f);
            }
            out.sort(null);
            return out;
        }
    };

    /** One text named {@code name}, without includes (the REST API's import: one file, no file system). */
    public static Source text(String name, String text) {
        return new Source() {
            @Override
            public String read(Path file) throws IOException {
                if (!file.toString().equals(name)) throw new IOException("no file " + file);
                return text;
            }

            @Override
            public List<Path> glob(Path dir, String pattern) throws IOException {
                throw new IOException("include is not available here (one text, no files): import the files with"
                        + " `fulcrum ctl import-keepalived`");
            }
        };
    }

    /**
     * Named texts (name to text), as files: a name is a path, includes match the other names with a glob
     * relative to the including one's directory (the REST API's import of several files).
     */
    public static Source texts(Map<String, String> files) {
        return new Source() {
            @Override
            public String read(Path file) throws IOException {
                String t = files.get(file.normalize().toString());
                if (t == null) throw new IOException("no file " + file + " among those given");
                return t;
            }

            @Override
            public List<Path> glob(Path dir, String pattern) {
                Path p = dir.resolve(pattern).normalize();
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
                List<Path> out = new ArrayList<>();
                for (String name : files.keySet()) if (m.matches(Path.of(name).normalize())) out.add(Path.of(name));
                out.sort(null);
                return out;
            }
        };
    }

    private final Source source;
    private final String node;
    private final Set<String> conditionNames = new TreeSet<>();
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<ConfNode> includes = new ArrayList<>();

    /** {@code node}: the config id {@code @name} lines are compared with (null: no node, only {@code @^name} lines count). */
    public ConfReader(Source source, String node) {
        this.source = source;
        this.node = node;
    }

    /** The {@code @name}s the files read so far mention: the nodes one file describes. */
    public Set<String> conditionNames() {
        return conditionNames;
    }

    /** The include lines read, each with the files it matched as its arguments. */
    public List<ConfNode> includes() {
        return includes;
    }

    /** Include patterns that matched no file (keepalived only logs them). */
    public List<String> warnings() {
        return warnings;
    }

    /** The top-level keywords of {@code files} read one after the other, as keepalived reads them. */
    public List<ConfNode> read(List<Path> files) {
        List<Token> tokens = new ArrayList<>();
        filesRead = 0;
        for (Path f : files) tokenize(f, tokens, new ArrayDeque<>(), f.toString());
        Parser p = new Parser(tokens);
        List<ConfNode> out = p.block(null, 0);
        return out;
    }

    private int filesRead;

    private record Token(String text, boolean quoted, boolean newline, String file, int line) {}

    /**
     * The tokens of {@code file}, its includes read in place. {@code chain}: the files including it, innermost
     * first; {@code where}: the include line that named it ("file:line"), or the file itself at the top.
     */
    private void tokenize(Path file, List<Token> out, Deque<Path> chain, String where) {
        if (chain.size() > MAX_INCLUDE_DEPTH)
            throw new ConfException(where, "includes nest deeper than " + MAX_INCLUDE_DEPTH + " files");
        if (chain.contains(file.normalize())) throw new ConfException(where, "include: " + file + " includes itself");
        if (++filesRead > MAX_FILES_READ)
            throw new ConfException(where, "include: more than " + MAX_FILES_READ + " files read");
        String text;
        try {
            text = source.read(file);
        } catch (IOException e) {
            throw new ConfException(where, "cannot read " + file + ": " + e.getMessage());
        }
        String name = file.toString();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            int lineNo = n + 1;
            String line = lines[n].strip();
            if (line.startsWith("@")) {
                int sp = firstSpace(line);
                String cond = line.substring(1, sp);
                line = line.substring(sp).strip();
                boolean negate = cond.startsWith("^");
                if (negate) cond = cond.substring(1);
                conditionNames.add(cond);
                boolean mine = cond.equals(node);
                if (mine == negate) continue;
            }
            Matcher def = DEFINITION.matcher(line);
            if (def.matches()) {
                variables.put(def.group(1), def.group(2).strip());
                continue;
            }
            String substituted = substitute(line);
            if (substituted.length() > MAX_LINE)
                throw new ConfException(
                        name + ":" + lineNo, "longer than " + MAX_LINE + " characters after $ substitution");
            List<Token> words = words(substituted, name, lineNo);
            if (!words.isEmpty() && !words.get(0).quoted && words.get(0).text.equals("include")) {
                if (words.size() < 2) throw new ConfException(name + ":" + lineNo, "include needs a file or pattern");
                Path dir = file.getParent() == null ? Path.of("") : file.getParent();
                List<Path> matched;
                try {
                    matched = source.glob(dir, words.get(1).text);
                } catch (IOException | InvalidPathException | PatternSyntaxException e) {
                    // not a path (a NUL byte) or not a glob ("[a-"): what keepalived's glob(3) would not match
                    throw new ConfException(
                            name + ":" + lineNo, "include " + words.get(1).text + ": " + e.getMessage());
                }
                if (matched.isEmpty())
                    warnings.add(name + ":" + lineNo + ": include " + words.get(1).text + " matches no file");
                includes.add(new ConfNode(
                        "include", matched.stream().map(Path::toString).toList(), null, name, lineNo));
                chain.push(file.normalize());
                for (Path m : matched) tokenize(m, out, chain, name + ":" + lineNo);
                chain.pop();
                continue;
            }
            out.addAll(words);
            out.add(new Token("\n", false, true, name, lineNo));
        }
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return s.length();
    }

    private String substitute(String line) {
        if (line.indexOf('$') < 0) return line;
        Matcher m = VARIABLE.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = variables.get(m.group(1) != null ? m.group(1) : m.group(2));
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The words of one line: comments dropped, quoted strings whole, braces words of their own. */
    private static List<Token> words(String line, String file, int lineNo) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == '!') {
                break;
            } else if (c == '{' || c == '}') {
                out.add(new Token(String.valueOf(c), false, false, file, lineNo));
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) end = line.length();
                out.add(new Token(line.substring(i + 1, end), true, false, file, lineNo));
                i = end + 1;
            } else {
                int j = i;
                while (j < line.length()) {
                    char d = line.charAt(j);
                    if (Character.isWhitespace(d) || d == '{' || d == '}' || d == '"') break;
                    j++;
                }
                out.add(new Token(line.substring(i, j), false, false, file, lineNo));
                i = j;
            }
        }
        return out;
    }

    /** Statements from tokens: the words of a line up to a brace; '{' opens the last statement's block. */
    private final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        List<ConfNode> block(Token opener, int depth) {
            if (depth > MAX_BLOCK_DEPTH)
                throw new ConfException(opener.file + ":" + opener.line, "blocks nest deeper than " + MAX_BLOCK_DEPTH);
            List<ConfNode> out = new ArrayList<>();
            List<Token> words = new ArrayList<>();
            while (pos < tokens.size()) {
                Token t = tokens.get(pos++);
                if (t.newline) {
                    flush(words, null, out);
                } else if (!t.quoted && t.text.equals("{")) {
                    if (words.isEmpty()) {
                        // a brace on a line of its own opens the block of the statement before it
                        if (out.isEmpty() || out.get(out.size() - 1).isBlock())
                            throw new ConfException(t.file + ":" + t.line, "'{' without a keyword before it");
                        ConfNode last = out.remove(out.size() - 1);
                        out.add(new ConfNode(
                                last.keyword(), last.args(), block(t, depth + 1), last.file(), last.line()));
                    } else {
                        List<ConfNode> children = block(t, depth + 1);
                        flush(words, children, out);
                    }
                } else if (!t.quoted && t.text.equals("}")) {
                    flush(words, null, out);
                    if (opener == null) throw new ConfException(t.file + ":" + t.line, "'}' closes no block");
                    return out;
                } else {
                    words.add(t);
                }
            }
            flush(words, null, out);
            // keepalived closes what is still open at the end and only complains; so does this reader
            if (opener != null)
                warnings.add(opener.file + ":" + opener.line + ": the block opened here is never closed (closed at"
                        + " the end, as keepalived does)");
            return out;
        }

        private static void flush(List<Token> words, List<ConfNode> children, List<ConfNode> out) {
            if (words.isEmpty()) return;
            Token head = words.get(0);
            List<String> args = new ArrayList<>();
            for (int i = 1; i < words.size(); i++) args.add(words.get(i).text);
            out.add(new ConfNode(head.text, args, children, head.file, head.line));
            words.clear();
        }
    }
}
