//! The funds imports the browser offers, each a [`SheetImport`]: a bank's
//! guarantee-loan ledger, a township's 211 household roll and the bureau's
//! yearly sheet of new market registrations; and the jobs of each.

use super::import::{ImportPages, SheetImport};
use crate::AppState;
use crate::import_jobs::CheckedJobs;
use guichao_domain::date::today;
use guichao_sheets::checked::ImportError;
use guichao_sheets::households::{CheckedHouseholds, HouseholdColumn};
use guichao_sheets::loans::{CheckedLoans, LoanColumn};
use guichao_sheets::market::{CheckedEntities, EntityColumn};
use guichao_sheets::registry::import::FileSource;
use guichao_store::{Actor, Store};

/// The funds imports this server follows, one set of jobs a kind.
#[derive(Default)]
pub struct FundsImports {
    loans: CheckedJobs<CheckedLoans, usize>,
    households: CheckedJobs<CheckedHouseholds, usize>,
    market: CheckedJobs<CheckedEntities, usize>,
}

/// A bank's guarantee-loan ledger, from the loans page.
pub(super) struct LoanLedger;

static LOAN_PAGES: ImportPages = ImportPages {
    path: "/funds/loans/import",
    list: "/funds/loans",
    tab: "loans",
    list_name: ("创业担保贷款", "Guarantee loans"),
    action: ("导入银行台账", "Import a bank ledger"),
    title: ("导入银行贷款台账", "Import a bank loan ledger"),
    file: ("贷款台账文件", "Loan ledger file"),
    hint: (
        "每行一笔贷款；表头可以在标题行下面，列的顺序不限。先检查、预览，确认后才一次全部写入；已登记的合同编号不会重复写入。金额须注明单位（万元或元），写在表头或数字后；利率写百分比。",
        "One loan per row; the header may sit under title rows, columns in any order. Checked and previewed first, written all at once only when you confirm; a contract recorded already is not written again. Amounts need their unit (万元 or 元) in the header or after the number; rates in percent.",
    ),
    required: (
        "借款人、所属乡镇、贷款银行、金额、年利率、期限和放款日期必填；还款方式不填按“到期还本”。表头写成下列任一名称即可识别。",
        "Borrower, township, bank, amount, rate, term and disbursement day are required; a blank plan is read as principal at maturity. A column is recognised under any of these headers.",
    ),
    name_header: ("借款人", "Borrower"),
    empty: ("表头下面没有贷款：请每行填写一笔贷款后再导入", "There is no loan under the header"),
};

impl SheetImport for LoanLedger {
    type Checked = CheckedLoans;
    type Column = LoanColumn;
    fn pages() -> &'static ImportPages {
        &LOAN_PAGES
    }
    fn jobs(state: &AppState) -> &CheckedJobs<CheckedLoans, usize> {
        &state.funds_imports.loans
    }
    async fn check(store: &Store, actor: &Actor, source: FileSource, name: &str) -> Result<CheckedLoans, ImportError> {
        guichao_sheets::loans::check(store, actor, source, name, today()).await
    }
}

/// A township's 211 household roll, from the households page.
pub(super) struct HouseholdRoll;

static HOUSEHOLD_PAGES: ImportPages = ImportPages {
    path: "/funds/households/import",
    list: "/funds/households",
    tab: "households",
    list_name: ("211户", "211 households"),
    action: ("导入211户名册", "Import a household roll"),
    title: ("导入211户名册", "Import a 211 household roll"),
    file: ("211户名册文件", "Household roll file"),
    hint: (
        "每行一户；表头可以在标题行下面，列的顺序不限。先检查、预览，确认后才一次全部写入。面积写亩数；年收入须注明单位（万元或元），不注明按万元。",
        "One household per row; the header may sit under title rows, columns in any order. Checked and previewed first, written all at once only when you confirm. The area in mu; the income with its unit (万元 or 元), read as 万元 without one.",
    ),
    required: (
        "户主姓名、乡镇、种粮面积、年收入和认定年度必填；村不填记在乡镇。表头写成下列任一名称即可识别。",
        "Head, township, area, income and year are required; without a village the household is recorded under its township. A column is recognised under any of these headers.",
    ),
    name_header: ("户主", "Head"),
    empty: ("表头下面没有农户：请每行填写一户后再导入", "There is no household under the header"),
};

impl SheetImport for HouseholdRoll {
    type Checked = CheckedHouseholds;
    type Column = HouseholdColumn;
    fn pages() -> &'static ImportPages {
        &HOUSEHOLD_PAGES
    }
    fn jobs(state: &AppState) -> &CheckedJobs<CheckedHouseholds, usize> {
        &state.funds_imports.households
    }
    async fn check(
        store: &Store,
        actor: &Actor,
        source: FileSource,
        name: &str,
    ) -> Result<CheckedHouseholds, ImportError> {
        guichao_sheets::households::check(store, actor, source, name, today()).await
    }
}

/// The market-regulation bureau's yearly sheet, from the market page.
pub(super) struct MarketSheet;

static MARKET_PAGES: ImportPages = ImportPages {
    path: "/funds/market/import",
    list: "/funds/market",
    tab: "market",
    list_name: ("新登记市场主体", "New market registrations"),
    action: ("导入市场主体登记表", "Import a registration sheet"),
    title: ("导入市场主体登记表", "Import a market registration sheet"),
    file: ("市场主体登记表文件", "Registration sheet file"),
    hint: (
        "每行一个乡镇，填写当年新登记的个体工商户、企业、农民专业合作社户数；年度写在“年度”列或标题中（如“2023年……统计表”）。每行的合计列会与各类之和核对；全县合计行不导入。同一年度、同一乡镇再次导入时以新表为准。",
        "One township per row with the year's new individual businesses, enterprises and cooperatives; the year in a 年度 column or the title (2023年…). Each row's 合计 is checked against the sum of its kinds; the county's 合计 row is not imported. A township's year imported again takes the new counts.",
    ),
    required: (
        "乡镇和企业列必填。表头写成下列任一名称即可识别。",
        "The township and enterprise columns are required. A column is recognised under any of these headers.",
    ),
    name_header: ("乡镇", "Township"),
    empty: ("表头下面没有乡镇：请每行填写一个乡镇后再导入", "There is no township under the header"),
};

impl SheetImport for MarketSheet {
    type Checked = CheckedEntities;
    type Column = EntityColumn;
    fn pages() -> &'static ImportPages {
        &MARKET_PAGES
    }
    fn jobs(state: &AppState) -> &CheckedJobs<CheckedEntities, usize> {
        &state.funds_imports.market
    }
    async fn check(
        store: &Store,
        actor: &Actor,
        source: FileSource,
        name: &str,
    ) -> Result<CheckedEntities, ImportError> {
        guichao_sheets::market::check(store, actor, source, name).await
    }
}
