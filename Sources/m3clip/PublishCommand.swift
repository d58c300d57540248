import ArgumentParser
import Daemon
import Foundation
import Index
import Store

/// `m3clip publish`: embed the corpus with a model and publish it as the current index.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Embed the corpus with a model and publish it as Store/indexes/<id> (then current).",
        discussion: """
            Every live image and every text (each report sentence in its language, each kept \
            translation) becomes a row: images.npy / texts.npy (L2-normalised, row-aligned), \
            images.faiss / texts.faiss (FAISS IndexFlatIP), images.jsonl / texts.jsonl (row metadata) \
            and manifest.json (model id and sha256, corpus version, counts, checksums). Written to a \
            temporary folder, fsynced and renamed in; Store/indexes/current is switched atomically.
            """)

    @OptionGroup var options: CommonOptions

    @Option(help: "current, a model id, or any checkpoint folder.")
    var model: String = "current"

    @Flag(help: "Store the .npy matrices as float16 (FAISS files stay float32); default: [index] dtype.")
    var float16 = false

    @Flag(name: .customLong("no-switch"), help: "Publish without making it current.")
    var noSwitch = false

    @Flag(help: "Print the manifest as JSON.")
    var json = false

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        try failing("publish") {
            let folder = try ModelFolders(layout: store.layout).resolve(model)
            let manifest = try IndexPublisher(store: store, dtype: float16 ? .float16 : configuration.index.dtype)
                .publish(modelFolder: folder, switchCurrent: !noSwitch) { printError($0) }
            if json { try printJSON(manifest) } else { print(manifest.id) }
        }
    }
}
