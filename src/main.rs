fn main() -> std::process::ExitCode {
    cmsheets::cli::main()
}
