import Foundation
import Testing
@testable import Store

@Suite struct StoreFaultsTests {
    @Test func aPlanFailsTheChosenCallsThenClears() throws {
        let faults = StoreFaults()
        try faults.install("blob.rename@2x2=EIO, sqlite.commit@1=ENOSPC")
        #expect(faults.check(.blobRename) == nil)
        #expect(faults.check(.blobRename) == EIO)
        #expect(faults.check(.blobRename) == EIO)
        #expect(faults.check(.blobRename) == nil)
        #expect(faults.check(.sqliteCommit) == ENOSPC)
        #expect(faults.check(.sqliteCommit) == nil)
        #expect(faults.check(.blobWrite) == nil)
    }

    @Test(arguments: ["blob.rename", "nowhere@1=EIO", "blob.write@0=EIO", "blob.write@1=EWHAT", "blob.write@1x=EIO"])
    func aBadPlanIsRefused(plan: String) {
        #expect(throws: StoreError.self) { try StoreFaults().install(plan) }
    }
}
