package io.tuneline.deploy;

import io.tuneline.deploy.image.ImageBuilder;
import io.tuneline.deploy.image.ImageCheck;
import io.tuneline.deploy.image.ImageSpec;
import io.tuneline.deploy.image.ImageTarball;
import io.tuneline.deploy.image.TunelineImages;
import io.tuneline.deploy.manifest.StrictManifests;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Entry point of scripts/build-images.sh and scripts/validate-manifests.sh. */
@Command(name = "deploy-tools", mixinStandardHelpOptions = true,
        description = "Builds Tuneline's image tarballs without Docker and checks images and manifests.",
        subcommands = {DeployTools.Base.class, DeployTools.Service.class, DeployTools.Worker.class,
                DeployTools.CheckImage.class, DeployTools.CheckManifests.class})
public final class DeployTools {

    public static void main(String[] args) {
        System.exit(new CommandLine(new DeployTools()).execute(args));
    }

    /** Options every image build shares. */
    static final class BuildOptions {
        @Option(names = "--registry", defaultValue = "ghcr.io/tuneline", description = "registry and organisation")
        String registry;
        @Option(names = "--tag", defaultValue = "0.1.0", description = "image tag")
        String tag;
        @Option(names = "--revision", defaultValue = "unknown", description = "source revision (git commit)")
        String revision;
        @Option(names = "--source", defaultValue = "https://github.com/tuneline/tuneline", description = "source repository URL")
        String sourceUrl;
        @Option(names = "--base", defaultValue = "eclipse-temurin:17-jre",
                description = "base image: tar:///path/base.tar offline, else a registry reference")
        String baseImage;
        @Option(names = "--cache", defaultValue = "target/jib-cache", description = "Jib's layer cache")
        Path cache;
        @Option(names = "--out", required = true, description = "image tarball to write")
        Path out;

        TunelineImages.BuildInfo info() {
            return new TunelineImages.BuildInfo(registry, tag, revision, sourceUrl, baseImage);
        }

        int build(ImageSpec spec) throws Exception {
            String digest = new ImageBuilder(cache).build(spec, out);
            System.out.println(spec.reference() + " " + digest + " -> " + out);
            return 0;
        }
    }

    @Command(name = "base", description = "The offline base image from a prepared root file system (Docker layout).")
    static final class Base implements Callable<Integer> {
        @Mixin
        BuildOptions build;
        @Option(names = "--root-fs", required = true)
        Path rootFileSystem;
        @Option(names = "--name", defaultValue = "tuneline/base-jre:17")
        String reference;

        @Override
        public Integer call() throws Exception {
            return build.build(TunelineImages.base(rootFileSystem, reference, build.info()));
        }
    }

    @Command(name = "service", description = "A Quarkus service image from <module>/target/quarkus-app.")
    static final class Service implements Callable<Integer> {
        @Mixin
        BuildOptions build;
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--port", required = true)
        int port;
        @Option(names = "--app", required = true, description = "the Quarkus fast-jar directory")
        Path app;

        @Override
        public Integer call() throws Exception {
            return build.build(TunelineImages.quarkusService(name, port, app, build.info()));
        }
    }

    @Command(name = "worker", description = "The trainer worker image (CPU or GPU variant).")
    static final class Worker implements Callable<Integer> {
        @Mixin
        BuildOptions build;
        @Option(names = "--variant", defaultValue = "CPU", description = "CPU or GPU")
        TunelineImages.Variant variant;
        @Option(names = "--jar", required = true)
        Path jar;
        @Option(names = "--lib", required = true, description = "directory of its runtime dependencies")
        Path lib;
        @Option(names = "--libtorch", description = "an unpacked CUDA libtorch to bake into the GPU variant")
        Path libtorch;
        @Option(names = "--cuda-flavor", defaultValue = "cu128", description = "DJL's flavor name of that libtorch")
        String cudaFlavor;

        @Override
        public Integer call() throws Exception {
            return build.build(TunelineImages.worker(variant, jar, lib, Optional.ofNullable(libtorch), cudaFlavor,
                    build.info()));
        }
    }

    @Command(name = "check-image", description = "Reads an image tarball and checks user, entrypoint, port, labels.")
    static final class CheckImage implements Callable<Integer> {
        @Parameters(index = "0")
        Path tarball;
        @Option(names = "--port", description = "the port it must expose (none: it must expose none)")
        Integer port;
        @Option(names = "--requires", description = "a path the image must contain")
        String requiredPath;

        @Override
        public Integer call() throws Exception {
            ImageTarball.Contents image = ImageTarball.read(tarball);
            System.out.println(tarball + " (" + image.layout() + " layout, " + image.paths().size() + " paths)");
            System.out.println("  user        " + image.config().user());
            System.out.println("  entrypoint  " + image.config().entrypoint());
            System.out.println("  ports       " + image.config().exposedPorts());
            System.out.println("  env         " + image.config().environment());
            System.out.println("  labels      " + image.config().labels());
            List<String> problems = ImageCheck.problems(image, Optional.ofNullable(port), Optional.ofNullable(requiredPath));
            problems.forEach(problem -> System.out.println("  PROBLEM     " + problem));
            return problems.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "check-manifests",
            description = "Parses rendered manifests with Fabric8's typed model; unknown fields and wrong types fail.")
    static final class CheckManifests implements Callable<Integer> {
        @Parameters(arity = "1..*")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            int problems = 0;
            for (Path file : files) {
                StrictManifests.Result result = StrictManifests.check(file);
                System.out.println(file + ": " + result.objects() + " objects");
                result.problems().forEach(problem -> System.out.println("  PROBLEM " + problem));
                problems += result.problems().size();
            }
            return problems == 0 ? 0 : 1;
        }
    }
}
