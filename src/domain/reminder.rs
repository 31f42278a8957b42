//! Deadline reminders: which one a report owed on a day calls for, and the
//! words of its e-mail. Who owes a report is the work queue's rule
//! (`service::reports::work_queue::owed`); this only reads its due day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a reminder says of a report owed (the action of its event:
/// `report.due_soon`, `report.overdue`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// Due within the days before its due day (the due day included).
    DueSoon,
    /// Its due day has passed.
    Overdue,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 2] = [ReminderKind::DueSoon, ReminderKind::Overdue];

    /// The action of its event (`report.due_soon`, `report.overdue`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::DueSoon => "due_soon",
            ReminderKind::Overdue => "overdue",
        }
    }

    /// The e-mail's subject, before its details.
    fn heading(self) -> &'static str {
        match self {
            ReminderKind::DueSoon => "Nhắc hạn báo cáo",
            ReminderKind::Overdue => "Báo cáo quá hạn",
        }
    }
}

/// The reminder a report owed on `today` and due on `due_on` calls for:
/// `Overdue` once the due day has passed; `DueSoon` from `days_before`
/// days before the due day to the due day itself; else none yet.
pub fn due(today: NaiveDate, due_on: NaiveDate, days_before: u32) -> Option<ReminderKind> {
    if today > due_on {
        return Some(ReminderKind::Overdue);
    }
    let days_left = (due_on - today).num_days();
    (days_left <= i64::from(days_before)).then_some(ReminderKind::DueSoon)
}

/// What an e-mail reminder names.
#[derive(Clone, Debug)]
pub struct Owed<'a> {
    pub kind: ReminderKind,
    pub campaign_code: &'a str,
    pub campaign_title: &'a str,
    pub unit_name: &'a str,
    pub period_id: &'a str,
    pub due_on: NaiveDate,
}

/// The e-mail's subject: `Nhắc hạn báo cáo: 05/KH-UBND – 2023Q1 – hạn 05/04/2023`.
pub fn subject(owed: &Owed) -> String {
    format!(
        "{}: {} – {} – hạn {}",
        owed.kind.heading(),
        owed.campaign_code,
        owed.period_id,
        owed.due_on.format("%d/%m/%Y")
    )
}

/// The e-mail's body, plain text in Vietnamese.
pub fn body(owed: &Owed) -> String {
    let due = owed.due_on.format("%d/%m/%Y");
    let state = match owed.kind {
        ReminderKind::DueSoon => format!("sắp đến hạn nộp (hạn cuối: hết ngày {due})"),
        ReminderKind::Overdue => format!("đã quá hạn nộp (hạn cuối: hết ngày {due})"),
    };
    format!(
        "Kính gửi {unit},\r\n\r\n\
         Báo cáo kỳ {period} của phong trào {code} – {title} {state} và chưa được gửi.\r\n\r\n\
         Đơn vị: {unit}\r\n\
         Phong trào: {code} – {title}\r\n\
         Kỳ báo cáo: {period}\r\n\
         Hạn nộp: {due}\r\n\r\n\
         Đề nghị đơn vị hoàn thành và gửi báo cáo trên hệ thống thidua.\r\n\r\n\
         Thư này được gửi tự động, xin không trả lời.\r\n",
        unit = owed.unit_name,
        period = owed.period_id,
        code = owed.campaign_code,
        title = owed.campaign_title,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn due_soon_from_n_days_before_to_the_due_day_then_overdue() {
        let due_on = d(2023, 4, 5);
        assert_eq!(due(d(2023, 4, 1), due_on, 3), None, "four days before");
        assert_eq!(due(d(2023, 4, 2), due_on, 3), Some(ReminderKind::DueSoon));
        assert_eq!(due(d(2023, 4, 5), due_on, 3), Some(ReminderKind::DueSoon), "the due day itself");
        assert_eq!(due(d(2023, 4, 6), due_on, 3), Some(ReminderKind::Overdue));
        assert_eq!(due(d(2023, 4, 5), due_on, 0), Some(ReminderKind::DueSoon));
        assert_eq!(due(d(2023, 4, 4), due_on, 0), None);
    }

    #[test]
    fn the_mail_names_campaign_period_unit_and_due_day() {
        let owed = Owed {
            kind: ReminderKind::DueSoon,
            campaign_code: "05/KH-UBND",
            campaign_title: "Phong trào thi đua",
            unit_name: "Tư pháp – Hộ tịch",
            period_id: "2023Q1",
            due_on: d(2023, 4, 5),
        };
        assert_eq!(subject(&owed), "Nhắc hạn báo cáo: 05/KH-UBND – 2023Q1 – hạn 05/04/2023");
        let text = body(&owed);
        assert!(text.contains("Tư pháp – Hộ tịch") && text.contains("Hạn nộp: 05/04/2023"), "{text}");
        let overdue = Owed { kind: ReminderKind::Overdue, ..owed };
        assert!(subject(&overdue).starts_with("Báo cáo quá hạn: 05/KH-UBND"));
    }
}
