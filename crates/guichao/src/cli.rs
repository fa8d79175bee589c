//! The command line, declared with clap. Every option can also come from a
//! `GUICHAO_*` variable or `guichao.toml` (see `config`).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "guichao", version, about = "归巢 Guichao — 乡友招商服务平台 (hometown-fellows investment program)")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Configuration file (default: guichao.toml when present).
    #[arg(long, global = true, env = "GUICHAO_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB (default sqlite://guichao.db).
    #[arg(long, global = true, env = "GUICHAO_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server.
    Serve(ServeArgs),
    /// Create a county (tenant), load its townships and villages, and make its first admin.
    Init(InitArgs),
    /// Bring the database schema up to date.
    Migrate,
    /// Manage user accounts.
    User(UserArgs),
    /// The three administrators (三员分立): create the missing ones.
    Admins(AdminsArgs),
    /// Manage API tokens.
    Token(TokenArgs),
    /// Check the audit log.
    Audit(AuditArgs),
    /// Write a consistent, compressed and encrypted copy of the database to
    /// FILE while the server runs (SQLite: VACUUM INTO; PostgreSQL: pg_dump),
    /// after recording every county's audit head.
    Backup(BackupArgs),
    /// Restore a backup into the empty database --database-url names (with
    /// the key that made it), then verify its audit chain.
    Restore(RestoreArgs),
    /// Add the demo county's records (creating the county if needed), or with
    /// --fellows write scale data into generated counties.
    Demo(DemoArgs),
    /// Measure the system on generated data.
    Bench(BenchArgs),
    /// Import records from a spreadsheet (xlsx, xls or csv).
    Import(ImportArgs),
    /// Export records to a spreadsheet (xlsx).
    Export(ExportArgs),
    /// Greeting SMS: drain the outbox.
    Sms(SmsArgs),
    /// Service requests: the report by kind and handling unit.
    Services(ServicesArgs),
}

#[derive(Args, Debug)]
pub struct ServicesArgs {
    #[command(subcommand)]
    pub command: ServicesCommand,
}

#[derive(Subcommand, Debug)]
pub enum ServicesCommand {
    /// The service report for a period (received, done, on time, median
    /// working days, satisfaction) over the requests the user sees.
    Report(ServicesReportArgs),
}

#[derive(Args, Debug)]
pub struct ServicesReportArgs {
    /// The period's first day (YYYY-MM-DD).
    #[arg(long)]
    pub from: chrono::NaiveDate,
    /// The period's last day, included.
    #[arg(long)]
    pub to: chrono::NaiveDate,
    /// Report as this user (their scope); default: the county's first county admin.
    #[arg(long = "as")]
    pub as_user: Option<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub target: TenantArg,
}

#[derive(Args, Debug)]
pub struct SmsArgs {
    #[command(subcommand)]
    pub command: SmsCommand,
}

#[derive(Subcommand, Debug)]
pub enum SmsCommand {
    /// Send queued messages of every county through the provider of
    /// guichao.toml's [sms] section, as far as the per-minute limit allows and
    /// never in the quiet hours (21:00-08:00 China time) unless forced. Run it
    /// from cron every minute. Messages left `sending` by an earlier run are
    /// reported and not sent again; the exit code is 2 when there are any.
    SendQueued(SmsSendArgs),
}

#[derive(Args, Debug)]
pub struct SmsSendArgs {
    /// Send in the quiet hours too.
    #[arg(long)]
    pub force: bool,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: ImportCommand,
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import fellows: check every row, then write the accepted ones in one
    /// transaction. Exits non-zero when rows were rejected.
    Fellows(ImportFellowsArgs),
    /// Import a contact log (联系台账): check every row and report (a dry
    /// run); with --commit, write the accepted rows in one transaction.
    /// Exits non-zero when rows were rejected.
    Contacts(ImportContactsArgs),
    /// Import a project ledger (项目台账): check every row, then write the
    /// accepted projects with their stage dates and fellow credits in one
    /// transaction. Exits non-zero when rows were rejected.
    Projects(ImportProjectsArgs),
    /// Check a bank's guarantee-loan ledger (创业担保贷款台账), report every
    /// rejected row with its column and reason and the contracts recorded
    /// already, and unless --dry-run write the accepted loans in one
    /// transaction. Exits non-zero when rows were rejected.
    Loans(ImportProjectsArgs),
    /// Check a township's "211" household roll (211户名册: 户主姓名, 乡镇,
    /// 村, 种粮面积（亩）, 年收入（万元）, 认定年度), report every rejected
    /// row, and unless --dry-run write the accepted households in one
    /// transaction. Exits non-zero when rows were rejected.
    Households(ImportProjectsArgs),
    /// Check the market-regulation bureau's yearly sheet of new market
    /// entities (one row per township: 个体工商户, 企业, 农民专业合作社,
    /// the year in a 年度 column or the title), and unless --dry-run write
    /// the counts in one transaction, replacing counts recorded already.
    Entities(ImportProjectsArgs),
}

#[derive(Args, Debug)]
pub struct ImportProjectsArgs {
    /// The ledger: xlsx, xls or csv (UTF-8 or GBK), one project a row.
    pub file: PathBuf,
    /// Check and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import as this user (their scope, their own unit for rows that name
    /// no responsible unit, their name in the audit log); default: the
    /// county's first county admin.
    #[arg(long = "as")]
    pub as_user: Option<String>,
    /// Write the rejected rows, with a 错误原因 column, to this xlsx.
    #[arg(long)]
    pub errors: Option<PathBuf>,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub target: TenantArg,
}

#[derive(Args, Debug)]
pub struct ImportContactsArgs {
    /// The log: xlsx, xls or csv (UTF-8 or GBK), one contact a row.
    pub file: PathBuf,
    /// Write the accepted rows (all or nothing); without it, only check and report.
    #[arg(long)]
    pub commit: bool,
    /// Import as this user (their scope, the cadre of a log without a cadre
    /// column, their name in the audit log); default: the county's first county admin.
    #[arg(long = "as")]
    pub as_user: Option<String>,
    /// Write the rejected rows, with a 错误原因 column, to this xlsx.
    #[arg(long)]
    pub errors: Option<PathBuf>,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub target: TenantArg,
}

#[derive(Args, Debug)]
pub struct ImportFellowsArgs {
    /// The roster: xlsx, xls or csv (UTF-8 or GBK).
    pub file: PathBuf,
    /// Check and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// What a row describing a known fellow does: skip, update or merge.
    #[arg(long, default_value = "skip")]
    pub on_duplicate: String,
    /// Import as this user (their scope and name in the audit log); default:
    /// the county's first county admin.
    #[arg(long = "as")]
    pub as_user: Option<String>,
    /// Keep columns the import does not know in the notes, as 表头：值.
    #[arg(long)]
    pub unknown_to_notes: bool,
    /// Write the rejected rows, with a 错误原因 column, to this xlsx.
    #[arg(long)]
    pub errors: Option<PathBuf>,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub target: TenantArg,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub command: ExportCommand,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Export the fellows a user may see (filtered) to xlsx, personal data masked
    /// unless --reveal is given by a user who may reveal it.
    Fellows(ExportFellowsArgs),
    /// Write a blank import template with the expected headers and one sample row.
    Template {
        /// The xlsx to write.
        file: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct ExportFellowsArgs {
    /// The xlsx to write.
    pub file: PathBuf,
    /// Export as this user; default: the county's first county admin.
    #[arg(long = "as")]
    pub as_user: Option<String>,
    /// Only fellows of this township (name).
    #[arg(long)]
    pub township: Option<String>,
    /// Only this category (党政军, 文化教育艺术, 工商企 or its code).
    #[arg(long)]
    pub category: Option<String>,
    /// Only fellows whose current city contains this.
    #[arg(long)]
    pub city: Option<String>,
    /// Only fellows with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Write phones, ID numbers, WeChat and email in full (needs fellow.reveal; audited).
    #[arg(long)]
    pub reveal: bool,
    #[command(flatten)]
    pub target: TenantArg,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "GUICHAO_ADDR")]
    pub addr: Option<String>,
    /// On an empty database, create the demo county 岳阳县 and its demo users.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The county's name, e.g. 岳阳县.
    #[arg(long)]
    pub tenant: String,
    /// The county's administrative division code, e.g. 430621.
    #[arg(long)]
    pub code: String,
    /// A csv of townships and villages: name,level,parent (also 名称,级别,上级).
    #[arg(long)]
    pub units: Option<PathBuf>,
    /// Username of the system administrator (the security and audit
    /// administrators are `security` and `auditor`).
    #[arg(long, default_value = "admin")]
    pub admin: String,
}

#[derive(Args, Debug)]
pub struct AdminsArgs {
    #[command(subcommand)]
    pub command: AdminsCommand,
}

#[derive(Subcommand, Debug)]
pub enum AdminsCommand {
    /// Create the accounts of the three administrators (系统、安全、审计管理员)
    /// that the county lacks, and print their passwords once.
    Create {
        #[command(flatten)]
        target: TenantArg,
    },
}

#[derive(Args, Debug)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user; prints a generated password unless --password-stdin.
    Add {
        username: String,
        /// Display name (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// Unit name, e.g. 新墙镇 (default: the county).
        #[arg(long)]
        unit: Option<String>,
        /// Built-in role code, repeatable: system_admin, security_admin, audit_admin,
        /// county_admin, county_staff, township_staff, village_cadre, project_officer,
        /// leader, chamber_liaison. No account holds two of the first three.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[command(flatten)]
        target: TenantArg,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (and unlock the account); prints a generated one unless --password-stdin.
    Passwd {
        username: String,
        #[command(flatten)]
        target: TenantArg,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove a user's second factor (a lost phone and lost recovery codes): they enrol again at their next sign-in.
    ResetTwoFactor {
        username: String,
        #[command(flatten)]
        target: TenantArg,
    },
}

#[derive(Args, Debug, Clone)]
pub struct TenantArg {
    /// County code; needed only when the database holds more than one county.
    #[arg(long)]
    pub tenant: Option<String>,
}

#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (once).
    Create {
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        target: TenantArg,
    },
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The backup file to write (it must not exist yet), e.g. guichao-2026-12-07.gcbk.
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup file made by `guichao backup` or by `serve`'s daily backups.
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk every county's hash chain; exit non-zero naming the first broken event.
    Verify,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Write this many synthetic fellows into generated counties (codes 990001...)
    /// instead of adding the demo county's records.
    #[arg(long)]
    pub fellows: Option<u64>,
    /// Spread the scale data over this many generated counties.
    #[arg(long, default_value_t = 1, requires = "fellows")]
    pub tenants: u32,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Search and list latency on generated fellows. Without --database-url the
    /// SQLite database target/bench/search-N.db is built once and then reused.
    Search(BenchSearchArgs),
    /// Spreadsheet import rate (csv and xlsx, end to end) against inserting
    /// the same rows raw. Without --database-url a fresh SQLite database
    /// target/bench/import.db is used.
    Import(BenchImportArgs),
    /// Liaison coverage, "my overdue" and a fellow's timeline on generated
    /// fellows with assignments and contacts, against a per-fellow loop.
    /// Without --database-url target/bench/liaison-N.db is built once and reused.
    Liaison(BenchLiaisonArgs),
    /// Project figures, a pipeline page and a chain node's matches on
    /// generated projects and fellows, against a per-project loop. Without
    /// --database-url target/bench/projects-N.db is built once and reused.
    Projects(BenchProjectsArgs),
    /// A four-ones campaign's launch, matrix pages and completion on
    /// generated fellows with contacts and ticks by hand. Without
    /// --database-url target/bench/campaign-N.db is built once and reused.
    Campaign(BenchCampaignArgs),
    /// A cadre's service list, the service report over a year and the
    /// public form's submissions on generated requests, against a naive
    /// report. Without --database-url target/bench/services-N.db is built
    /// once and reused.
    Services(BenchServicesArgs),
    /// Many clients against one server on the demo county: searches, lists,
    /// edits with optimistic locking, contact records and roster imports at
    /// once; every acknowledged write read back. Without --database-url on a
    /// fresh target/bench/soak.db.
    Soak(BenchSoakArgs),
}

#[derive(Args, Debug)]
pub struct BenchSoakArgs {
    /// How many clients send requests at once.
    #[arg(long, default_value_t = 50)]
    pub clients: usize,
    /// How long they go on.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchServicesArgs {
    /// How many service requests the generated county holds.
    #[arg(long, default_value_t = 1_000_000)]
    pub requests: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchCampaignArgs {
    /// How many fellows the generated county holds.
    #[arg(long, default_value_t = 1_000_000)]
    pub fellows: u64,
    /// Time the reads again on the campaign the last run launched, without
    /// launching and ticking a new one.
    #[arg(long)]
    pub reads_only: bool,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchProjectsArgs {
    /// How many projects the generated county holds.
    #[arg(long, default_value_t = 100_000)]
    pub projects: u64,
    /// How many fellows it holds.
    #[arg(long, default_value_t = 1_000_000)]
    pub fellows: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchLiaisonArgs {
    /// How many fellows the generated county holds.
    #[arg(long, default_value_t = 100_000)]
    pub fellows: u64,
    /// How many contact records it holds.
    #[arg(long, default_value_t = 1_000_000)]
    pub contacts: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchImportArgs {
    /// Rows of the generated csv (the xlsx has a tenth as many).
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchSearchArgs {
    /// How many fellows the database holds.
    #[arg(long, default_value_t = 1_000_000)]
    pub fellows: u64,
    /// Over how many generated counties (the users searched as are in the first).
    #[arg(long, default_value_t = 1)]
    pub tenants: u32,
    /// Queries per class.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}
