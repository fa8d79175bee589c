//! A township's 211 household roll and the bureau's market registration
//! sheet imported through the browser, by the same flow as a loan ledger:
//! the upload is checked and previewed (rows, rows to write, rejected rows
//! with column and reason, the error file), nothing is written before the
//! confirm, the confirm writes every accepted row once and the rows appear
//! on their list; a broken file is refused in Chinese and writes nothing;
//! township staff may not import.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_sheets::{SheetCell, SheetTable, Workbook, tables_workbook};
use guichao_store::store_test;
use guichao_store::testing::TestDb;

/// A roll as a township sends it: an xlsx with two good rows and one naming
/// a township of another county.
fn roll() -> Vec<u8> {
    let text = |t: &str| SheetCell::Text(t.into());
    let row = |head: &str, township: &str, village: &str, area: f64, income: f64, year: f64| {
        vec![
            text(head),
            text(township),
            text(village),
            SheetCell::Number(area),
            SheetCell::Number(income),
            SheetCell::Number(year),
        ]
    };
    let headers = ["户主姓名", "乡镇", "村", "种粮面积（亩）", "年收入（万元）", "认定年度"];
    tables_workbook(&[SheetTable {
        name: "211户".into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: vec![
            row("张种粮", "新墙镇", "新墙村", 100.0, 12.0, 2023.0),
            row("李种粮", "筻口镇", "", 98.5, 11.5, 2022.0),
            row("王种粮", "平江镇", "", 100.0, 12.0, 2023.0),
        ],
    }])
    .unwrap()
}

const SHEET: &[u8] = "2022年全县新登记市场主体统计表\n\
乡镇,新登记个体工商户（户）,新登记企业（户）,新登记农民专业合作社（户）,合计\n\
新墙镇,300,40,5,345\n\
筻口镇,200,30,4,235\n\
合计,500,70,9,579\n"
    .as_bytes();

store_test!(a_household_roll_is_previewed_then_written_once, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("county").await;
    let list = me.get("/funds/households").await;
    assert_eq!(list.attrs(".actions a", "href"), ["/funds/households/import"]);
    let form = me.get("/funds/households/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.text_of("h1").as_deref(), Some("导入211户名册"));

    let sent = me.post_multipart("/funds/households/import", &[], ("新墙镇211户.xlsx", &roll())).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let job = sent.location().unwrap().to_string();
    assert!(job.starts_with("/funds/households/import/"), "{job}");
    let preview = me.get(&job).await;
    assert_eq!(preview.text_of("#rows").as_deref(), Some("3"));
    assert_eq!(preview.text_of("#to-write").as_deref(), Some("2"));
    assert_eq!(preview.text_of("#rejected-count").as_deref(), Some("1"));
    assert_eq!(preview.text_of("#commit").as_deref(), Some("确认导入 2 户"));
    assert_eq!(preview.texts("#rejected td.column"), ["乡镇"]);
    assert_eq!(preview.texts("#rejected td.reason"), ["“平江镇”不是本县的乡镇"]);
    let errors = me.get(&format!("{job}/errors.xlsx")).await;
    assert_eq!(errors.status, StatusCode::OK);
    let mut book = Workbook::open(errors.bytes.clone(), "errors.xlsx").unwrap();
    let rows: Vec<Vec<String>> = book.rows().unwrap().map(|r| r.unwrap().display()).collect();
    let last = rows.last().unwrap();
    assert_eq!(last[0], "王种粮");
    assert!(last.last().unwrap().contains("“平江镇”不是本县的乡镇"), "{last:?}");
    assert!(me.get("/funds/households").await.texts("table.funds-households td.name").is_empty(), "not yet");

    let done = me.post_and_follow(&format!("{job}/commit"), &[]).await;
    assert_eq!(done.text_of("#written").as_deref(), Some("导入完成：已写入 2 户。"));
    assert_eq!(done.attrs(".import-next a", "href"), ["/funds/households"]);
    me.post_form(&format!("{job}/commit"), &[]).await;
    let mut names = me.get("/funds/households").await.texts("table.funds-households td.name");
    names.sort();
    assert_eq!(names, ["张种粮", "李种粮"], "written once, though confirmed twice");

    // A file that is not a roll: refused in Chinese, nothing written.
    let headless =
        me.post_multipart("/funds/households/import", &[], ("名册.csv", "姓名错,面积\n赵种粮,100\n".as_bytes())).await;
    assert_eq!(headless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(headless.error_message().as_deref(), Some("前 2 行中没有找到表头：211户名册的表头行应包含“户主姓名”列"));
    let picture = me.post_multipart("/funds/households/import", &[], ("名册.xlsx", b"\x89PNG\r\n\x1a\nxxxx")).await;
    assert_eq!(picture.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(picture.error_message().unwrap().contains("请上传 Excel 表格"), "{:?}", picture.error_message());
    let header_only =
        me.post_multipart("/funds/households/import", &[], ("名册.csv", "户主姓名,乡镇,种粮面积\n".as_bytes())).await;
    assert_eq!(header_only.error_message().as_deref(), Some("表头下面没有农户：请每行填写一户后再导入"));
    assert_eq!(me.get("/funds/households").await.texts("table.funds-households td.name").len(), 2);

    let township = app.login("xinqiang").await;
    assert!(township.get("/funds/households").await.attrs(".actions a", "href").is_empty());
    assert_eq!(township.get("/funds/households/import").await.status, StatusCode::FORBIDDEN);
    let theirs = township.post_multipart("/funds/households/import", &[], ("新墙镇211户.xlsx", &roll())).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    assert_eq!(township.get(&job).await.status, StatusCode::FORBIDDEN);
    assert_eq!(township.post_form(&format!("{job}/commit"), &[]).await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(a_market_sheet_is_previewed_then_written, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let me = app.login("county").await;
    assert_eq!(me.get("/funds/market").await.attrs(".actions a", "href"), ["/funds/market/import"]);

    let sent = me.post_multipart("/funds/market/import", &[], ("2022年市场主体.csv", SHEET)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let job = sent.location().unwrap().to_string();
    let preview = me.get(&job).await;
    assert_eq!(preview.text_of("#rows").as_deref(), Some("2"));
    assert_eq!(preview.text_of("#to-write").as_deref(), Some("3"), "新墙镇's three kinds");
    assert_eq!(preview.texts("#rejected td.reason"), ["合计应为234（各类之和）"]);
    assert_eq!(me.get("/funds/market").await.text_of(".entities-total"), None, "nothing before the confirm");

    let done = me.post_and_follow(&format!("{job}/commit"), &[]).await;
    assert_eq!(done.text_of("#written").as_deref(), Some("导入完成：已写入 3 条市场主体记录。"));
    let page = me.get("/funds/market").await;
    assert_eq!(page.text_of(".entities-total").as_deref(), Some("345"));

    let empty = me.post_multipart("/funds/market/import", &[], ("空.csv", b"")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.error_message().as_deref(),
        Some("所选文件“空.csv”是空的（0 字节）：请选择要导入的文件（xlsx、xls 或 csv）")
    );
    let township = app.login("gangkou").await;
    assert_eq!(township.get("/funds/market/import").await.status, StatusCode::FORBIDDEN);
    assert_eq!(township.get(&job).await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});
