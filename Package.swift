// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dti",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dti", targets: ["dti"]),
        .library(name: "DTICore", targets: ["DTICore"]),
        .library(name: "DTISQLite", targets: ["DTISQLite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // libxlsxwriter from the system (Debian: libxlsxwriter-dev). Only XLSXWriter.swift imports it.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // libxml2 from the system (Debian: libxml2-dev): the XML of workbooks is read with its
        // streaming reader. Only WorkbookReader.swift imports it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libzip from the system (Debian: libzip-dev): workbooks are unpacked with it from
        // memory, within a budget, every part's CRC-32 checked. Only ZipPackage.swift imports it.
        .systemLibrary(
            name: "CLibZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        .target(
            name: "DTICore",
            dependencies: [
                "CXLSXWriter",
                "CLibXML2",
                "CLibZip",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The SQLite store (the default back end): GRDB over the system libsqlite3, the
        // migrations, the raw-statement hot path of ingest and the run lock. Its connection
        // stays inside; everything else sees the core's `DataStore`.
        .target(
            name: "DTISQLite",
            dependencies: [
                "DTICore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The PostgreSQL store, for a national service (several `dti serve` on one database):
        // postgres-nio over the wire protocol, its own migrations.
        .target(
            name: "DTIPostgres",
            dependencies: [
                "DTICore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP upload service (`dti serve`). Only this target links Hummingbird and
        // SwiftNIO; the core stays a plain library.
        .target(
            name: "DTIServer",
            dependencies: [
                "DTICore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "dti",
            dependencies: [
                "DTICore",
                "DTISQLite",
                "DTIPostgres",
                "DTIServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The fuzzing harness: scripts/fuzz builds it with libFuzzer; built plainly, it replays inputs.
        .executableTarget(
            name: "dti-fuzz",
            dependencies: ["DTICore", "DTISQLite"]
        ),
        // What both test targets share: `TestData` (a tiny register, rows, fixtures, workbooks
        // made part by part) and the test-only reads of a store (`StoreInspection`).
        .target(
            name: "DTITestSupport",
            dependencies: [
                "DTICore",
                "DTISQLite",
                "DTIPostgres",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/DTITestSupport"
        ),
        // Seconds: the rules, the readers, scoring and ranking, the reports' text, on values
        // and on SQLite in memory or in a temporary file. No built dti, no PostgreSQL, no
        // server, browser or LibreOffice (`scripts/test --quick`).
        .testTarget(
            name: "DTIUnitTests",
            dependencies: ["DTICore", "DTISQLite", "DTIServer", "DTITestSupport"]
        ),
        // Minutes: the built dti run on real files, the server over HTTP, both stores
        // (PostgreSQL on a throwaway cluster), pages in Chromium, workbooks in LibreOffice.
        .testTarget(
            name: "DTIEndToEndTests",
            dependencies: [
                "DTICore",
                "DTISQLite",
                "DTIPostgres",
                "dti",
                "DTIServer",
                "DTITestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
