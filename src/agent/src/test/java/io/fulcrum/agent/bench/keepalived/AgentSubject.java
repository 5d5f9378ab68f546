package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.agent.cli.AgentMain;
import io.fulcrum.runtime.PrivateFiles;
import io.fulcrum.runtime.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fulcrum's agent as a director runs it without a control plane ({@code fulcrum agent --name lb1 --state
 * FILE}): its own JVM with the launcher's options, the document in a file it watches. A change is the file
 * rewritten (atomically); the agent looks at it every {@code --interval}.
 */
final class AgentSubject implements Subject {
    private final Path dir;
    private final Path doc;
    private final String java;
    private final List<String> jvmOptions;
    private final String classpath;
    private final int intervalSeconds;
    private Process process;

    AgentSubject(Path dir, String java, List<String> jvmOptions, String classpath, int intervalSeconds)
            throws IOException {
        this.dir = Files.createDirectories(dir);
        this.doc = dir.resolve("fulcrum.json");
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = classpath;
        this.intervalSeconds = intervalSeconds;
    }

    @Override
    public String name() {
        return "Fulcrum";
    }

    @Override
    public void start(Fleet fleet) throws IOException {
        Files.writeString(doc, fleet.documentJson());
        launch(List.of("--state", doc.toString()));
    }

    /** Starts the agent's JVM with {@code source}, where its desired state comes from (--state or --control-plane). */
    void launch(List<String> source) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath, AgentMain.class.getName(), "agent", "--name", Fleet.DIRECTOR));
        cmd.addAll(source);
        cmd.addAll(List.of(
                "--state-dir",
                Files.createDirectories(dir.resolve("state")).toString(),
                "--interval",
                Integer.toString(intervalSeconds),
                "--metrics-address",
                "off"));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("agent.log").toFile()))
                .start();
    }

    @Override
    public String render(Change change) {
        return change.after().documentJson();
    }

    @Override
    public void change(String rendered) throws IOException {
        PrivateFiles.write(doc, rendered);
    }

    @Override
    public long checkerPid() {
        return process.pid();
    }

    @Override
    public List<Long> pids() {
        return List.of(process.pid());
    }

    @Override
    public String log() throws IOException {
        return Files.readString(dir.resolve("agent.log"));
    }

    @Override
    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null) Processes.terminate(process.toHandle(), Duration.ofSeconds(30));
    }
}
