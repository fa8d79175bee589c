//! The demo county's greeting SMS: the county's sign-off, three templates,
//! the 2025 Spring Festival greeting queued for the fellows of 新墙镇 and
//! 筻口镇 and sent, most delivered, a few refused by the provider and one
//! left without an answer (for the outbox's "close by hand"), and a few
//! opt-outs taken on the phone and by reply. Written through the SMS handle
//! as the county's admin, so every step is audited as a user's would be;
//! the sender runs with a demo provider whose answers are synthetic, and
//! every number is the registry's synthetic one.

use anyhow::Context;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::sms::{Limits, OptOutSource};
use guichao_store::Store;
use guichao_store::fellows::FellowQuery;
use guichao_store::sms::provider::{OutgoingSms, SendOutcome, SmsProvider};
use guichao_store::sms::{OptOutDraft, QueueRequest, Recipients, SendOptions, SmsSettings, TemplateDraft};
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

/// (name, text, provider template id)
const TEMPLATES: [(&str, &str, &str); 3] = [
    ("春节慰问", "{称呼}：值此新春佳节，{乡镇}父老乡亲向您和家人致以诚挚的问候，欢迎常回家看看！{落款}", "SMS_468001"),
    ("中秋问候", "{称呼}：月圆人团圆，家乡人民祝您中秋快乐、阖家幸福！{落款} {日期}", "SMS_468002"),
    ("招商推介会邀请", "{称呼}：岳阳县乡友招商推介会将于近期举行，诚邀您回乡共叙乡情、共谋发展。{落款}", "SMS_468003"),
];

/// The townships whose fellows get the demo greeting.
const TOWNSHIPS: [&str; 2] = ["新墙镇", "筻口镇"];

/// What the demo provider answers: every 40th message is refused, the 100th
/// gets no answer, the rest are delivered.
struct DemoProvider {
    sent: AtomicUsize,
}

impl SmsProvider for DemoProvider {
    async fn send(&self, msg: &OutgoingSms<'_>) -> SendOutcome {
        let n = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        if n == 100 {
            SendOutcome::Unknown { detail: "请求已发出但无应答：operation timed out".into() }
        } else if n.is_multiple_of(40) {
            SendOutcome::Rejected { detail: "isv.MOBILE_NUMBER_ILLEGAL 非法手机号".into() }
        } else {
            SendOutcome::Accepted { provider_id: format!("demo-{}", msg.id.simple()), delivered: true }
        }
    }
}

/// What the demo wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmsDemo {
    pub templates: usize,
    pub queued: u64,
    pub delivered: u64,
    pub failed: u64,
    pub opt_outs: usize,
}

pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<SmsDemo> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    let actor = store.system().actor(tenant_id, admin).await?;
    let sms = store.sms(&actor, Permission::SmsWrite)?;
    sms.set_settings(SmsSettings { consent_required: false, sign_off: "中共岳阳县委统战部".into() }).await?;
    let mut demo = SmsDemo::default();
    let mut spring = None;
    for (name, body, code) in TEMPLATES {
        let draft = TemplateDraft { name: name.into(), body: body.into(), provider_template: code.into() };
        let id = sms.save_template(None, draft).await?;
        spring.get_or_insert(id);
        demo.templates += 1;
    }
    let spring = spring.context("a demo template")?;
    // Three fellows of each township said on the phone they want no messages.
    let fellows = store.fellows(&actor, Permission::FellowRead)?;
    for township in TOWNSHIPS {
        let unit = *store.system().unit_ids_by_name(tenant_id, township).await?.first().context("a demo township")?;
        let q = FellowQuery { township_id: Some(unit), limit: 3, ..Default::default() };
        for f in fellows.list(&q).await? {
            let note = "本人来电表示不再接收短信".into();
            sms.add_opt_out(OptOutDraft {
                phone: String::new(),
                fellow_id: Some(f.id),
                source: OptOutSource::Call,
                note,
            })
            .await?;
            demo.opt_outs += 1;
        }
        let req = QueueRequest {
            template_id: spring,
            recipients: Recipients::Filter(Box::new(FellowQuery { township_id: Some(unit), ..Default::default() })),
            campaign_id: None,
            sign_off: String::new(),
            date: NaiveDate::from_ymd_opt(2025, 1, 20).context("a demo date")?,
        };
        demo.queued += sms.queue(req).await?.queued;
    }
    // Two numbers not on file replied 退订 to an earlier greeting.
    for phone in ["13907301234", "15873005678"] {
        sms.record_reply(phone, "退订").await?;
        demo.opt_outs += 1;
    }
    let provider = DemoProvider { sent: AtomicUsize::new(0) };
    let limits = Limits { per_minute: u32::MAX, per_number_per_day: 1 };
    let report = store.system().sms_send_queued(&provider, &SendOptions::new(limits, true)).await?;
    (demo.delivered, demo.failed) = (report.delivered, report.failed);
    Ok(demo)
}
