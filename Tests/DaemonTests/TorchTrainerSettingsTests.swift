import Foundation
import Testing
@testable import Daemon

/// `[training] backend` and `[training.torch]`: defaults, the launch template's expansion (no shell),
/// and clear errors.
@Suite struct TorchTrainerSettingsTests {
    let base = URL(fileURLWithPath: "/srv/m3clip/Config")

    @Test func defaultsPointAtTheRepositorysWorkerAndExpandToTorchrun() throws {
        let settings = try Configuration.parse("[training]\nbackend = \"torch\"", baseDirectory: base).training
        #expect(settings.backend == .torch)
        // The venv's interpreter keeps its path as written (a symlink Python must be started through).
        #expect(settings.torch.python.path == "/srv/m3clip/Workers/trainer/.venv/bin/python")
        #expect(settings.torch.script.path == "/srv/m3clip/Workers/trainer/train.py")
        let command = settings.torch.command(arguments: ["--snapshot", "/s p/a", "--steps", "3"])
        #expect(command == ["/srv/m3clip/Workers/trainer/.venv/bin/python", "-m", "torch.distributed.run", "--standalone",
                            "--nproc-per-node", "1", "/srv/m3clip/Workers/trainer/train.py", "--snapshot", "/s p/a", "--steps", "3",
                            "--workers", "4"])
        #expect(try Configuration.parse("", baseDirectory: base).training.backend == .swift)
    }

    @Test func aCustomLaunchGpusAndExtraArguments() throws {
        let settings = try Configuration.parse("""
            [training.torch]
            launch = "srun --ntasks-per-node 1 {python} -m torch.distributed.run --nnodes 2 --nproc-per-node {gpus} {script} {args}"
            gpus = 8
            loader_workers = 6
            extra_args = "--compile  --gradient-checkpointing"
            python = "/opt/venv/bin/python"
            pixels = "float32"
            """, baseDirectory: base).training.torch
        let command = settings.command(arguments: ["--out", "/r"])
        #expect(command == ["srun", "--ntasks-per-node", "1", "/opt/venv/bin/python", "-m", "torch.distributed.run", "--nnodes", "2",
                            "--nproc-per-node", "8", "/srv/m3clip/Workers/trainer/train.py", "--out", "/r", "--workers", "6",
                            "--compile", "--gradient-checkpointing"])
        #expect(settings.pixelType == "float32")
    }

    @Test func badValuesAreClearErrors() {
        #expect { try Configuration.parse("[training]\nbackend = \"jax\"", baseDirectory: base) } throws: {
            ($0 as? ConfigurationError)?.key == "training.backend" && "\($0)".contains("swift, torch")
        }
        #expect { try Configuration.parse("[training.torch]\nlaunch = \"torchrun train.py\"", baseDirectory: base) } throws: {
            ($0 as? ConfigurationError)?.key == "training.torch.launch"
        }
        #expect { try Configuration.parse("[training.torch]\npixels = \"uint8\"", baseDirectory: base) } throws: {
            ($0 as? ConfigurationError)?.key == "training.torch.pixels"
        }
        #expect { try Configuration.parse("[training.torch]\ngpus = 0", baseDirectory: base) } throws: {
            ($0 as? ConfigurationError)?.key == "training.torch.gpus"
        }
    }
}
