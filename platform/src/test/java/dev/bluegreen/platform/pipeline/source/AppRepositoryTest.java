package dev.bluegreen.platform.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bluegreen.core.pipeline.Commit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(IsolatedGit.class)
class AppRepositoryTest {

    @TempDir
    Path tmp;

    @Nested
    class CreatedFromTheSample {

        @Test
        void holds_the_sample_apps_files_in_one_commit_on_main() throws Exception {
            Path dir = tmp.resolve("app");
            try (AppRepository app = AppRepository.createFromSample(dir)) {
                assertThat(app.branch()).isEqualTo("main");
                Commit head = app.head("main");
                assertThat(head.id()).matches("[0-9a-f]{40}");
                assertThat(head.author()).isEqualTo("bluegreen");
                assertThat(head.message()).isEqualTo("Sample app");
                assertThat(head.time()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now());
                assertThat(app.commitsAfter(null, "main")).containsExactly(head);
            }
            assertThat(filesUnder(dir)).containsExactlyElementsOf(SampleApp.paths());
            try (Git git = Git.open(dir.toFile())) {
                RevCommit commit = git.log().call().iterator().next();
                assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("bluegreen@localhost");
                assertThat(commit.getCommitterIdent().getName()).isEqualTo("bluegreen");
                assertThat(git.status().call().isClean()).as("git status shows nothing to commit").isTrue();
            }
        }

        @Test
        void is_a_repository_the_git_command_line_works_in() throws Exception {
            assumeTrue(GitCli.installed(), "the git command is not installed");
            Path dir = tmp.resolve("app");
            AppRepository.createFromSample(dir).close();

            assertThat(GitCli.git(dir, "log", "--format=%an <%ae> %s")).isEqualTo(
                    "bluegreen <bluegreen@localhost> Sample app\n");
            assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
        }

        @Test
        void is_refused_in_a_directory_that_is_not_empty_which_stays_untouched() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("app"));
            Files.writeString(dir.resolve("notes.txt"), "mine");

            assertThatThrownBy(() -> AppRepository.createFromSample(dir))
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith(dir + ": not empty;");
            assertThat(filesUnder(dir)).containsExactly("notes.txt");
            assertThat(filesUnder(tmp)).containsExactly("app/notes.txt");
        }

        @Test
        void a_second_start_opens_the_repository_with_the_users_commits_instead_of_recreating_it() throws Exception {
            Path dir = tmp.resolve("app");
            AppRepository.openOrCreateFromSample(dir).close();
            String users;
            try (WorkingCopy copy = WorkingCopy.open(dir)) {
                users = copy.commitFile("site/site.properties", "heading=Mine\n", "My heading");
            }

            try (AppRepository app = AppRepository.openOrCreateFromSample(dir)) {
                assertThat(app.head("main").id()).isEqualTo(users);
                assertThat(app.commitsAfter(null, "main")).hasSize(2);
            }
        }
    }

    @Nested
    class Opening {

        @Test
        void a_directory_that_is_not_a_git_repository_is_refused_with_what_to_do() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("my-app"));

            assertThatThrownBy(() -> AppRepository.open(dir))
                    .isInstanceOf(SourceException.class)
                    .hasMessage(dir + ": not a git repository (it has no .git); create one there with `git init` "
                            + "and commit your app, or leave out --app-repo to start from the sample app");
        }

        @Test
        void a_directory_inside_a_repository_is_not_taken_for_that_repository() throws Exception {
            WorkingCopy.init(tmp, "main").close();
            Path inside = Files.createDirectories(tmp.resolve("site"));

            assertThatThrownBy(() -> AppRepository.open(inside)).hasMessageContaining("not a git repository");
        }

        @Test
        void a_missing_directory_is_refused() {
            Path dir = tmp.resolve("typo");

            assertThatThrownBy(() -> AppRepository.open(dir)).isInstanceOf(SourceException.class)
                    .hasMessageStartingWith(dir + ": no such directory");
        }

        @Test
        void a_repository_without_commits_is_refused_with_how_to_commit() throws Exception {
            WorkingCopy.init(tmp, "main").close();

            assertThatThrownBy(() -> AppRepository.open(tmp))
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith(tmp + ": the git repository has no commits yet; commit your app first")
                    .hasMessageContaining("git -C " + tmp + " commit");
        }

        @Test
        void a_repository_on_a_branch_without_commits_is_refused_naming_that_branch() throws Exception {
            try (WorkingCopy copy = WorkingCopy.init(tmp, "main")) {
                copy.commitFile("a.txt", "1", "one");
                copy.git().checkout().setOrphan(true).setName("drafts").call();
            }

            assertThatThrownBy(() -> AppRepository.open(tmp))
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith(tmp + ": the checked-out branch drafts has no commits yet; switch to a "
                            + "branch with commits, or commit your app first");
        }

        @Test
        void the_users_own_repository_on_another_branch_is_watched_on_that_branch() throws Exception {
            String id;
            try (WorkingCopy copy = WorkingCopy.init(tmp, "trunk")) {
                id = copy.commitFile("buildspec.yml", "version: 0.2\n", "First version\n\nWith a body.");
            }

            try (AppRepository app = AppRepository.open(tmp)) {
                assertThat(app.branch()).isEqualTo("trunk");
                Commit head = app.head("trunk");
                assertThat(head.id()).isEqualTo(id);
                assertThat(head.author()).isEqualTo("Ada Lovelace");
                assertThat(head.message()).isEqualTo("First version\n\nWith a body.");
                assertThat(head.subject()).isEqualTo("First version");
            }
        }

        @Test
        void a_detached_head_has_no_branch_to_watch() throws Exception {
            try (WorkingCopy copy = WorkingCopy.init(tmp, "main")) {
                String first = copy.commitFile("a.txt", "1", "one");
                copy.git().checkout().setName(first).call();
            }

            try (AppRepository app = AppRepository.open(tmp)) {
                assertThatThrownBy(app::branch).isInstanceOf(SourceException.class)
                        .hasMessageContaining("HEAD is not on a branch");
            }
        }
    }

    @Nested
    class Resolving {

        @Test
        void a_branch_a_tag_a_full_or_short_id_and_a_revision_name_the_same_commits() throws Exception {
            String first;
            String second;
            try (WorkingCopy copy = WorkingCopy.init(tmp, "main")) {
                first = copy.commitFile("a.txt", "1", "one");
                copy.git().tag().setName("v1").setAnnotated(true).setMessage("release 1").setTagger(WorkingCopy.USER)
                        .setSigned(false).call();
                second = copy.commitFile("a.txt", "2", "two");
            }

            try (AppRepository app = AppRepository.open(tmp)) {
                assertThat(app.resolve("main").id()).isEqualTo(second);
                assertThat(app.resolve("v1").id()).isEqualTo(first);
                assertThat(app.resolve(first).id()).isEqualTo(first);
                assertThat(app.resolve(first.substring(0, 7)).id()).isEqualTo(first);
                assertThat(app.resolve(" " + second.substring(0, 10) + "\n").id()).isEqualTo(second);
                assertThat(app.resolve("main~1").id()).isEqualTo(first);
                assertThat(app.resolve("v1").message()).isEqualTo("one");
            }
        }

        @Test
        void an_unknown_ref_is_refused_by_name() throws Exception {
            try (WorkingCopy copy = WorkingCopy.init(tmp, "main")) {
                copy.commitFile("a.txt", "1", "one");
            }

            try (AppRepository app = AppRepository.open(tmp)) {
                assertThatThrownBy(() -> app.resolve("relase-2")).isInstanceOf(SourceException.class)
                        .hasMessage(tmp + ": no branch, tag or commit 'relase-2'");
                assertThatThrownBy(() -> app.resolve("deadbeef")).hasMessageContaining("no branch, tag or commit");
                assertThatThrownBy(() -> app.resolve("main:a.txt")).hasMessageContaining("no branch, tag or commit");
                assertThatThrownBy(() -> app.resolve(" ")).hasMessageContaining("name a branch, tag or commit id");
            }
        }

        @Test
        void an_unknown_branch_is_refused_with_the_branches_there_are() throws Exception {
            try (WorkingCopy copy = WorkingCopy.init(tmp, "main")) {
                copy.commitFile("a.txt", "1", "one");
                copy.git().branchCreate().setName("feature").call();
            }

            try (AppRepository app = AppRepository.open(tmp)) {
                assertThatThrownBy(() -> app.head("mian")).isInstanceOf(SourceException.class)
                        .hasMessage(tmp + ": no branch 'mian'; its branches: feature, main");
            }
        }

        @Test
        void commits_after_one_are_listed_newest_first() throws Exception {
            List<String> ids;
            try (WorkingCopy copy = WorkingCopy.init(tmp, "main")) {
                ids = List.of(copy.commitFile("a.txt", "1", "one"), copy.commitFile("a.txt", "2", "two"),
                        copy.commitFile("a.txt", "3", "three"));
            }

            try (AppRepository app = AppRepository.open(tmp)) {
                assertThat(app.commitsAfter(ids.get(0), "main")).extracting(Commit::message)
                        .containsExactly("three", "two");
                assertThat(app.commitsAfter(ids.get(2), "main")).isEmpty();
                assertThat(app.commitsAfter("0".repeat(40), "main")).hasSize(3);
            }
        }
    }

    @Nested
    class CheckingOut {

        @Test
        void exports_exactly_the_committed_tree_whatever_the_working_tree_holds() throws Exception {
            String id;
            try (WorkingCopy copy = WorkingCopy.init(tmp.resolve("repo"), "main")) {
                copy.write("site/site.properties", "heading=Committed\n").write("taskdef.json", "{}\n")
                        .write("build.sh", "#!/bin/sh\necho built\n").executable("build.sh");
                Files.createSymbolicLink(copy.dir().resolve("public"), Path.of("site"));
                id = copy.commit("Committed");
                // What the user has not committed: an edit, a new file (staged), a deletion, an untracked file.
                copy.write("site/site.properties", "heading=Uncommitted\n").write("staged.txt", "staged");
                copy.git().add().addFilepattern("staged.txt").call();
                Files.delete(copy.dir().resolve("taskdef.json"));
                copy.write("untracked.txt", "not mine to build");
            }
            Path target = tmp.resolve("build/src");

            try (AppRepository app = AppRepository.open(tmp.resolve("repo"))) {
                app.checkout(id.substring(0, 8), target);
            }

            assertThat(filesUnder(target)).containsExactly("build.sh", "site/site.properties", "taskdef.json");
            assertThat(target.resolve("site/site.properties")).hasContent("heading=Committed");
            assertThat(target.resolve("taskdef.json")).hasContent("{}");
            assertThat(Files.getPosixFilePermissions(target.resolve("build.sh")))
                    .contains(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.getPosixFilePermissions(target.resolve("taskdef.json")))
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.readSymbolicLink(target.resolve("public"))).isEqualTo(Path.of("site"));
            // and the user's working tree is as they left it
            assertThat(tmp.resolve("repo/site/site.properties")).hasContent("heading=Uncommitted");
            assertThat(tmp.resolve("repo/taskdef.json")).doesNotExist();
            assertThat(tmp.resolve("repo/untracked.txt")).exists();
            try (Git git = Git.open(tmp.resolve("repo").toFile())) {
                assertThat(git.status().call().getAdded()).containsExactly("staged.txt");
            }
            // nothing left beside the checkout
            try (Stream<Path> siblings = Files.list(tmp.resolve("build"))) {
                assertThat(siblings.map(path -> path.getFileName().toString())).containsExactly("src");
            }
        }

        @Test
        void an_older_commit_is_exported_as_it_was_then() throws Exception {
            String first;
            try (WorkingCopy copy = WorkingCopy.init(tmp.resolve("repo"), "main")) {
                first = copy.commitFile("a.txt", "first", "one");
                copy.commitFile("a.txt", "second", "two");
                copy.commitFile("b.txt", "added later", "three");
            }

            try (AppRepository app = AppRepository.open(tmp.resolve("repo"))) {
                app.checkout(first, tmp.resolve("out"));
            }

            assertThat(filesUnder(tmp.resolve("out"))).containsExactly("a.txt");
            assertThat(tmp.resolve("out/a.txt")).hasContent("first");
        }

        @Test
        void an_empty_target_directory_is_filled_and_a_non_empty_one_refused_untouched() throws Exception {
            Path repo = tmp.resolve("repo");
            try (WorkingCopy copy = WorkingCopy.init(repo, "main")) {
                copy.commitFile("a.txt", "1", "one");
            }
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            Path used = Files.createDirectories(tmp.resolve("used"));
            Files.writeString(used.resolve("old.txt"), "old");

            try (AppRepository app = AppRepository.open(repo)) {
                app.checkout("main", empty);
                assertThatThrownBy(() -> app.checkout("main", used)).isInstanceOf(SourceException.class)
                        .hasMessageStartingWith(used + ": not empty; a checkout goes into a new or empty directory");
            }

            assertThat(filesUnder(empty)).containsExactly("a.txt");
            assertThat(filesUnder(used)).containsExactly("old.txt");
        }

        @Test
        void the_sample_app_checks_out_as_shipped() throws Exception {
            try (AppRepository app = AppRepository.createFromSample(tmp.resolve("app"))) {
                app.checkout(app.head("main").id(), tmp.resolve("out"));
            }

            assertThat(filesUnder(tmp.resolve("out"))).containsExactlyElementsOf(SampleApp.paths());
            assertThat(tmp.resolve("out/taskdef.json")).hasSameTextualContentAs(tmp.resolve("app/taskdef.json"));
        }
    }

    /** Regular files below {@code dir} (not in .git), relative, sorted. */
    static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).map(path -> dir.relativize(path).toString())
                    .filter(path -> !path.startsWith(".git/")).sorted().toList();
        }
    }
}
