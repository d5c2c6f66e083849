package dev.bluegreen.platform.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bluegreen.core.pipeline.Commit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(IsolatedGit.class)
class CommitWatcherTest {

    private static final Duration FAST = Duration.ofMillis(50);
    /** How long a report may take when the test is not about how fast it comes (the machine may be busy). */
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** Enough polls at {@link #FAST} for a report that should not come to have come. */
    private static final Duration SEVERAL_POLLS = Duration.ofMillis(400);

    @TempDir
    Path tmp;

    private Path dir;
    private AppRepository app;
    private String sample;
    private final Heard heard = new Heard();
    private CommitWatcher watcher;

    @BeforeEach
    void sampleApp() {
        dir = tmp.resolve("app");
        app = AppRepository.createFromSample(dir);
        sample = app.head("main").id();
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        app.close();
    }

    @Test
    void reports_a_new_commit_within_a_second_at_the_default_interval() throws Exception {
        watcher = CommitWatcher.start(app, "main", sample, heard);

        String green = userCommits("site/site.properties", "colour.background=#20e941\n", "Green background");

        heard.awaitCommit(green, Duration.ofSeconds(1));
        assertThat(heard.commits).hasSize(1);
        Commit commit = heard.commits.get(0);
        assertThat(commit.author()).isEqualTo("Ada Lovelace");
        assertThat(commit.message()).isEqualTo("Green background");
        assertThat(watcher.lastSeenId()).contains(green);
    }

    @Test
    void reports_a_commit_made_with_git_in_a_terminal() throws Exception {
        assumeTrue(GitCli.installed(), "the git command is not installed");
        watcher = CommitWatcher.start(app, "main", sample, heard);

        Files.writeString(dir.resolve("site/site.properties"), "colour.background=#20e941\n");
        GitCli.git(dir, "commit", "-q", "-am", "Green, from a terminal");
        String id = GitCli.git(dir, "rev-parse", "HEAD").strip();

        heard.awaitCommit(id, Duration.ofSeconds(1));
        assertThat(heard.commits).singleElement().satisfies(commit -> {
            assertThat(commit.author()).isEqualTo("Terminal User");
            assertThat(commit.message()).isEqualTo("Green, from a terminal\n");
        });
    }

    @Test
    void without_a_last_seen_commit_reports_the_current_head_first() {
        watcher = CommitWatcher.start(app, "main", null, FAST, heard);

        heard.awaitCommit(sample, PATIENCE);
        assertThat(heard.commits).singleElement().extracting(Commit::message).isEqualTo("Sample app");
    }

    @Test
    void reports_only_the_newest_of_two_commits_made_between_polls() throws Exception {
        // The first report (the sample's commit) holds the poll thread until both commits are made, so no poll
        // can fall between them whatever the machine's load.
        CountDownLatch bothCommitted = new CountDownLatch(1);
        watcher = CommitWatcher.start(app, "main", null, FAST, commit -> {
            heard.newCommit(commit);
            if (commit.id().equals(sample)) {
                await(bothCommitted);
            }
        });
        heard.awaitCommit(sample, PATIENCE);

        String first = userCommits("site/site.properties", "colour.background=#20e941\n", "Green");
        String second = userCommits("site/site.properties", "colour.background=#e9412b\n", "Red after all");
        bothCommitted.countDown();

        heard.awaitCommit(second, PATIENCE);
        Thread.sleep(SEVERAL_POLLS.toMillis());
        assertThat(heard.ids()).containsExactly(sample, second).doesNotContain(first);
    }

    @Test
    void a_restart_from_the_last_seen_commit_does_not_report_it_again() throws Exception {
        String green = userCommits("site/site.properties", "colour.background=#20e941\n", "Green");
        watcher = CommitWatcher.start(app, "main", sample, FAST, heard);
        heard.awaitCommit(green, PATIENCE);
        String lastSeen = watcher.lastSeenId().orElseThrow();
        watcher.close();

        // the platform restarts with what it had recorded
        Heard afterRestart = new Heard();
        watcher = CommitWatcher.start(app, "main", lastSeen, FAST, afterRestart);
        Thread.sleep(SEVERAL_POLLS.toMillis());
        assertThat(afterRestart.commits).isEmpty();

        String red = userCommits("site/site.properties", "colour.background=#e9412b\n", "Red");
        afterRestart.awaitCommit(red, PATIENCE);
        assertThat(afterRestart.ids()).containsExactly(red);
    }

    @Test
    void an_abbreviated_last_seen_id_counts_as_seen() throws Exception {
        watcher = CommitWatcher.start(app, "main", sample.substring(0, 7), FAST, heard);

        Thread.sleep(SEVERAL_POLLS.toMillis());
        assertThat(heard.commits).isEmpty();
    }

    @Test
    void keeps_watching_through_a_commit_being_written_and_reports_it_once_complete() throws Exception {
        String next;
        try (WorkingCopy copy = WorkingCopy.open(dir)) {
            copy.git().checkout().setCreateBranch(true).setName("next").call();
            next = copy.commitFile("site/site.properties", "colour.background=#20e941\n", "Green");
            copy.git().checkout().setName("main").call();
        }
        watcher = CommitWatcher.start(app, "main", sample, FAST, heard);

        // What a writer leaves while it works: lock files, and for a moment a branch naming an object that is not
        // readable yet (a torn or concurrent write).
        Path git = dir.resolve(".git");
        Files.writeString(git.resolve("index.lock"), "");
        Files.writeString(git.resolve("refs/heads/main.lock"), next.substring(0, 20));
        Files.writeString(git.resolve("refs/heads/main"), "1234567890".repeat(4) + "\n");
        Thread.sleep(SEVERAL_POLLS.toMillis());
        assertThat(heard.commits).isEmpty();

        Files.writeString(git.resolve("refs/heads/main"), next + "\n");
        Files.delete(git.resolve("refs/heads/main.lock"));
        Files.delete(git.resolve("index.lock"));

        heard.awaitCommit(next, PATIENCE);
        assertThat(heard.ids()).containsExactly(next);
        assertThat(heard.problems).as("a passing failure is nobody's business").isEmpty();
    }

    @Test
    void a_lasting_problem_is_reported_once_and_watching_resumes_when_it_is_gone() throws Exception {
        watcher = CommitWatcher.start(app, "main", sample, FAST, Duration.ofMillis(200), heard);
        try (WorkingCopy copy = WorkingCopy.open(dir)) {
            copy.git().branchRename().setOldName("main").setNewName("renamed").call();

            heard.await("a problem", Duration.ofSeconds(2), () -> !heard.problems.isEmpty());
            Thread.sleep(SEVERAL_POLLS.toMillis());
            assertThat(heard.problems).singleElement().asString()
                    .startsWith("watching branch main of " + dir + " has failed for more than 200 ms: ")
                    .endsWith(dir + ": no branch 'main'; its branches: renamed");

            copy.git().branchRename().setOldName("renamed").setNewName("main").call();
        }
        String green = userCommits("site/site.properties", "colour.background=#20e941\n", "Green");
        heard.awaitCommit(green, PATIENCE);
    }

    @Test
    void a_listener_that_fails_is_given_the_same_commit_again() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        watcher = CommitWatcher.start(app, "main", sample, FAST, commit -> {
            heard.newCommit(commit);
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("state store busy");
            }
        });

        String green = userCommits("site/site.properties", "colour.background=#20e941\n", "Green");

        heard.await("a second delivery", PATIENCE, () -> heard.commits.size() == 2);
        Thread.sleep(SEVERAL_POLLS.toMillis());
        assertThat(heard.ids()).containsExactly(green, green);
        assertThat(watcher.lastSeenId()).contains(green);
    }

    @Test
    void after_close_nothing_is_reported_and_no_thread_is_left() throws Exception {
        watcher = CommitWatcher.start(app, "main", sample, FAST, heard);
        assertThat(watcherThreads()).as("the poll thread is a daemon").allMatch(Thread::isDaemon).isNotEmpty();
        watcher.close();

        userCommits("site/site.properties", "colour.background=#20e941\n", "Green");
        Thread.sleep(SEVERAL_POLLS.toMillis());

        assertThat(heard.commits).isEmpty();
        assertThat(watcherThreads()).isEmpty();
    }

    @Test
    void an_unknown_branch_fails_the_start() {
        assertThatThrownBy(() -> CommitWatcher.start(app, "mian", null, heard))
                .isInstanceOf(SourceException.class)
                .hasMessage(dir + ": no branch 'mian'; its branches: main");
    }

    private String userCommits(String path, String content, String message) throws Exception {
        try (WorkingCopy copy = WorkingCopy.open(dir)) {
            return copy.commitFile(path, content, message);
        }
    }

    private static java.util.List<Thread> watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("commit-watcher") && thread.isAlive()).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
