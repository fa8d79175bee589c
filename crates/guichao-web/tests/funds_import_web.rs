//! A bank's loan ledger imported through the browser: the upload is checked
//! and previewed (rows, loans to write with their amount, rejected rows with
//! column and reason, the error file), the confirm writes every accepted
//! loan once, the same file again skips its contracts; a file without a
//! borrower column is refused in Chinese; township staff and leaders may
//! not import.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::TestDb;

const LEDGER: &[u8] = "岳阳县创业担保贷款发放台账\n\
序号,借款人,联系电话,所属乡镇,贷款银行,合同编号,贷款金额（万元）,年利率,期限,放款日期\n\
1,张创业,13800138000,新墙镇,岳阳县农村商业银行,DB001,20,3.45%,24,2023-05-08\n\
2,李创业,,筻口,岳阳县农村商业银行,DB002,30,3.45,36,2023-06-01\n\
3,王创业,,平江镇,岳阳县农村商业银行,DB003,10,3.45,24,2023-06-02\n"
    .as_bytes();

store_test!(a_loan_ledger_is_previewed_then_written_once, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("county").await;
    assert!(me.get("/funds/loans").await.attrs(".actions a", "href").contains(&"/funds/loans/import".to_string()));
    assert_eq!(me.get("/funds/loans/import").await.status, StatusCode::OK);

    let sent = me.post_multipart("/funds/loans/import", &[], ("贷款台账.csv", LEDGER)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let job = sent.location().unwrap().to_string();
    let preview = me.get(&job).await;
    assert_eq!(preview.text_of("#rows").as_deref(), Some("3"));
    assert_eq!(preview.text_of("#to-write").as_deref(), Some("2"));
    assert_eq!(preview.text_of("#amount").as_deref(), Some("50万元"));
    assert_eq!(preview.texts("#rejected td.column"), ["所属乡镇"]);
    assert_eq!(preview.texts("#rejected td.reason"), ["“平江镇”不是本县的乡镇"]);
    let errors = me.get(&format!("{job}/errors.xlsx")).await;
    assert_eq!(errors.status, StatusCode::OK);
    assert_eq!(
        me.get("/funds/loans").await.texts("table.funds-loans td.name").len(),
        0,
        "nothing written before the confirm"
    );

    let done = me.post_and_follow(&format!("{job}/commit"), &[]).await;
    assert_eq!(done.text_of("#written").as_deref(), Some("导入完成：已写入 2 笔贷款。"));
    me.post_form(&format!("{job}/commit"), &[]).await;
    assert_eq!(
        me.get("/funds/loans").await.texts("table.funds-loans td.name").len(),
        2,
        "a job confirmed twice is written once"
    );
    let again = me.post_multipart("/funds/loans/import", &[], ("贷款台账.csv", LEDGER)).await;
    let page = me.get(again.location().unwrap()).await;
    assert_eq!((page.text_of("#to-write").as_deref(), page.text_of("#existing").as_deref()), (Some("0"), Some("2")));

    let headless = me.post_multipart("/funds/loans/import", &[], ("x.csv", "姓名错,金额\n张三,10\n".as_bytes())).await;
    assert_eq!(headless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(headless.error_message().unwrap().contains("借款人"), "{:?}", headless.error_message());

    let township = app.login("xinqiang").await;
    assert_eq!(township.get("/funds/loans/import").await.status, StatusCode::FORBIDDEN);
    assert_eq!(township.get(&job).await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});
