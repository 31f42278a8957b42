//! A problem's words in Vietnamese (`Accept-Language: vi`). The English
//! detail says what went wrong in this occurrence, with its figures; the
//! Vietnamese one says it by the problem's code, and each field error by
//! its rule, so every answer has Vietnamese words without a translation
//! per call site. `field`, `code` and every figure in the body stay as
//! they are: a frontend that needs the figures reads them there.

use super::{ErrorCode, FieldError, Problem};

impl Problem {
    /// The same problem, its title, detail and field messages in Vietnamese.
    pub fn in_vietnamese(mut self) -> Self {
        self.title = title(self.status).to_owned();
        self.detail = detail(self.code).to_owned();
        for error in &mut self.errors {
            let message = text_rule(&error.message).unwrap_or_else(|| field_message(&error.code));
            *error = FieldError { message, ..error.clone() };
        }
        self
    }
}

/// The status phrase.
fn title(status: u16) -> &'static str {
    match status {
        400 => "Yêu cầu không hợp lệ",
        401 => "Chưa xác thực",
        403 => "Không có quyền",
        404 => "Không tìm thấy",
        405 => "Phương thức không được hỗ trợ",
        406 => "Không có định dạng phù hợp",
        408 => "Hết thời gian chờ yêu cầu",
        409 => "Xung đột với trạng thái hiện tại",
        412 => "Phiên bản đã thay đổi",
        413 => "Nội dung quá lớn",
        414 => "Địa chỉ quá dài",
        415 => "Kiểu nội dung không được hỗ trợ",
        422 => "Dữ liệu không hợp lệ",
        428 => "Thiếu điều kiện phiên bản",
        429 => "Quá nhiều yêu cầu",
        431 => "Tiêu đề yêu cầu quá lớn",
        500 => "Lỗi máy chủ",
        503 => "Dịch vụ tạm thời không sẵn sàng",
        _ => "Lỗi",
    }
}

/// What a problem of this code means, in one sentence.
fn detail(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "Yêu cầu không đọc được.",
        ErrorCode::BadQuery => "Một tham số truy vấn có giá trị không hợp lệ; xem danh sách lỗi.",
        ErrorCode::InvalidQuery => "Yêu cầu có tham số truy vấn mà thao tác này không nhận.",
        ErrorCode::InvalidPath => "Địa chỉ yêu cầu có phần không hợp lệ.",
        ErrorCode::MalformedJson => "Nội dung không phải JSON hợp lệ.",
        ErrorCode::MalformedMultipart => "Nội dung multipart/form-data không đọc được.",
        ErrorCode::UnreadableBody => "Không đọc được nội dung yêu cầu.",
        ErrorCode::InvalidIdempotencyKey => "Tiêu đề Idempotency-Key không hợp lệ.",
        ErrorCode::InvalidIfMatch => "Tiêu đề If-Match không hợp lệ.",
        ErrorCode::NotAcceptable => "Không có định dạng nào khớp với tiêu đề Accept.",
        ErrorCode::RequestTimeout => "Yêu cầu gửi quá chậm và đã bị dừng.",
        ErrorCode::PayloadTooLarge => "Nội dung yêu cầu vượt quá giới hạn cho phép.",
        ErrorCode::UriTooLong => "Địa chỉ yêu cầu quá dài.",
        ErrorCode::UnsupportedMediaType => "Kiểu nội dung (Content-Type) không được thao tác này nhận.",
        ErrorCode::HeadersTooLarge => "Các tiêu đề của yêu cầu quá lớn.",
        ErrorCode::MethodNotAllowed => "Địa chỉ này không nhận phương thức đó; xem tiêu đề Allow.",
        ErrorCode::ValidationFailed => "Dữ liệu gửi lên có trường không hợp lệ; xem danh sách lỗi.",
        ErrorCode::Unauthenticated => "Thao tác này cần mã truy cập (bearer token).",
        ErrorCode::InvalidToken => "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        ErrorCode::Forbidden => "Vai trò hoặc phạm vi của bạn không cho phép thao tác này.",
        ErrorCode::TooManyAttempts => "Đăng nhập sai quá nhiều lần; hãy thử lại sau thời gian ở tiêu đề Retry-After.",
        ErrorCode::InvalidRequest => "Yêu cầu cấp mã thiếu hoặc thừa tham số.",
        ErrorCode::InvalidGrant => "Tên đăng nhập, mật khẩu hoặc mã làm mới không đúng.",
        ErrorCode::InvalidClient => "Thông tin tài khoản dịch vụ không đúng.",
        ErrorCode::UnsupportedGrantType => "Kiểu cấp mã (grant_type) không được hỗ trợ.",
        ErrorCode::NotFound => "Không có bản ghi này trong phạm vi của bạn.",
        ErrorCode::AlreadyExists => "Đã có một bản ghi với các giá trị định danh này.",
        ErrorCode::CodeTaken => "Mã này đã được dùng.",
        ErrorCode::UsernameTaken => "Tên đăng nhập này đã được dùng.",
        ErrorCode::UserAlreadyLinked => "Tài khoản này đã gắn với một người khác.",
        ErrorCode::StaleVersion => "Bản ghi đã được thay đổi kể từ lần đọc của bạn; hãy đọc lại rồi gửi phiên bản mới.",
        ErrorCode::IfMatchRequired => "Thao tác sửa đổi cần tiêu đề If-Match với phiên bản (ETag) đã đọc.",
        ErrorCode::IdempotencyInProgress => "Một yêu cầu cùng Idempotency-Key đang được xử lý; hãy thử lại sau.",
        ErrorCode::IdempotencyAnswerLost => {
            "Yêu cầu cùng Idempotency-Key đã được thực hiện nhưng không còn lưu câu trả lời; hãy đọc lại bản ghi."
        }
        ErrorCode::Cycle => "Một đơn vị không thể nằm dưới chính nó hoặc đơn vị con của nó.",
        ErrorCode::HasActiveChildren => "Đơn vị còn đơn vị con đang hoạt động.",
        ErrorCode::RootIsFixed => "Gốc của cây đơn vị không thể thay đổi.",
        ErrorCode::CannotLockOutSelf => "Bạn không thể tự khóa hoặc hạ quyền tài khoản của chính mình.",
        ErrorCode::AlreadyReorganised => "Đơn vị đã được sắp xếp lại (sáp nhập, chia tách hoặc đổi tên) từ trước.",
        ErrorCode::RecordsAfterClosing => "Đơn vị còn bản ghi sau ngày đóng; việc đóng sẽ làm chúng mất đơn vị.",
        ErrorCode::UnitClosed => {
            "Đơn vị của bạn đã đóng: bạn chỉ được xem lịch sử cho đến khi được chuyển sang đơn vị mới."
        }
        ErrorCode::ReadOnlySetting => "Thiết lập này chỉ được đọc.",
        ErrorCode::CampaignNotDraft => "Chỉ sửa được định nghĩa của phong trào khi còn là bản nháp.",
        ErrorCode::CampaignNotActive => "Phong trào chưa được phát động hoặc đã tạm dừng.",
        ErrorCode::CampaignClosed => "Phong trào đã kết thúc.",
        ErrorCode::IllegalStatusChange => "Không thể chuyển sang trạng thái này từ trạng thái hiện tại.",
        ErrorCode::IncompleteDefinition => "Định nghĩa của phong trào chưa đủ để phát động.",
        ErrorCode::HasSubCriteria => "Tiêu chí còn tiêu chí con.",
        ErrorCode::NotAParticipant => "Đơn vị không tham gia phong trào này.",
        ErrorCode::ReportExists => "Đơn vị đã có báo cáo cho kỳ này.",
        ErrorCode::ReportNotEditable => "Báo cáo ở trạng thái hiện tại không sửa được.",
        ErrorCode::ReportApproved => "Báo cáo đã được duyệt.",
        ErrorCode::IllegalMove => "Báo cáo không thể chuyển bước này từ trạng thái hiện tại.",
        ErrorCode::PeriodLocked => "Kỳ báo cáo đã khóa; cần Văn phòng mở ngoại lệ.",
        ErrorCode::EvidenceIsALink => "Minh chứng này là một đường dẫn, không có tệp để tải.",
        ErrorCode::AlreadyNominated => "Đối tượng đã được đề nghị cho hình thức khen thưởng này trong kỳ.",
        ErrorCode::NominationNotEditable => "Đề nghị ở trạng thái hiện tại không sửa được.",
        ErrorCode::NominationNotPosted => "Đề nghị chưa được niêm yết công khai.",
        ErrorCode::NotEligible => "Đối tượng chưa đủ điều kiện khen thưởng; xem từng điều kiện chưa đạt.",
        ErrorCode::MustBeForwarded => "Hình thức khen thưởng này do cấp trên quyết định; đề nghị phải được chuyển lên.",
        ErrorCode::NotForwardable => "Đề nghị này không chuyển lên cấp trên được.",
        ErrorCode::ComplaintFinal => "Đơn đã có kết luận, không sửa được nữa.",
        ErrorCode::ChairTaken => "Hội đồng đã có Chủ tịch trong nhiệm kỳ này.",
        ErrorCode::NominationNotReady => "Đề nghị chưa sẵn sàng để Hội đồng xét.",
        ErrorCode::MeetingConcluded => "Cuộc họp đã kết luận.",
        ErrorCode::VotesExceedAttendance => "Số phiếu vượt quá số thành viên có mặt.",
        ErrorCode::QuorumNotMet => "Cuộc họp chưa đủ số thành viên theo quy định.",
        ErrorCode::VotesMissing => "Còn đề nghị chưa có kết quả biểu quyết.",
        ErrorCode::NominationMoved => "Một đề nghị đã thay đổi trạng thái trong lúc xét.",
        ErrorCode::NumberTaken => "Số văn bản này đã được dùng.",
        ErrorCode::NominationNotAwardable => "Đề nghị chưa được Hội đồng thông qua để khen thưởng.",
        ErrorCode::NominationOnDecision => "Đề nghị đã có trong một quyết định khen thưởng.",
        ErrorCode::DecisionSigned => "Quyết định đã ký, không sửa được nữa.",
        ErrorCode::DecisionNotSigned => "Quyết định chưa được ký.",
        ErrorCode::AmountUnavailable => "Chưa tính được mức tiền thưởng (thiếu hệ số hoặc mức lương cơ sở).",
        ErrorCode::FundExceeded => "Tổng tiền thưởng vượt quá quỹ thi đua, khen thưởng còn lại.",
        ErrorCode::NoFund => "Chưa có quỹ thi đua, khen thưởng cho năm này.",
        ErrorCode::BudgetBelowCommitted => "Dự toán quỹ thấp hơn số tiền đã cam kết.",
        ErrorCode::LineRevoked => "Dòng khen thưởng này đã bị thu hồi.",
        ErrorCode::Internal => "Đã có lỗi phía máy chủ; hãy báo mã yêu cầu (request_id) cho quản trị viên.",
        ErrorCode::DatabaseUnavailable => "Cơ sở dữ liệu tạm thời không trả lời; hãy thử lại sau.",
        ErrorCode::NotReady => "Dịch vụ chưa sẵn sàng.",
        ErrorCode::Unavailable => "Dịch vụ đang bận; hãy thử lại sau.",
        ErrorCode::Error => "Đã có lỗi.",
    }
}

/// The rules every text field shares (`domain::text`), with their figures:
/// most field errors are one of these, whatever their field.
fn text_rule(english: &str) -> Option<String> {
    let between = |start: &str, end: &str| -> Option<String> {
        let from = english.find(start)? + start.len();
        let to = from + english[from..].find(end)?;
        let figure = &english[from..to];
        figure.bytes().all(|b| b.is_ascii_digit() || b == b',').then(|| figure.replace(',', "."))
    };
    if english.contains("must not be empty") {
        return Some("Không được để trống.".to_owned());
    }
    if english.contains("must not contain control characters") {
        return Some("Không được chứa ký tự điều khiển.".to_owned());
    }
    if let Some(n) = between("must be at most ", " characters").or_else(|| between("may hold ", " characters at most"))
    {
        return Some(format!("Tối đa {n} ký tự."));
    }
    if let (Some(low), Some(high)) = (between("must be ", " to "), between(" to ", " characters")) {
        return Some(format!("Phải dài từ {low} đến {high} ký tự."));
    }
    None
}

/// What breaking a field rule means. A rule not listed here (a domain
/// rule named by its own code) gets a sentence that quotes the code.
fn field_message(rule: &str) -> String {
    let known = match rule {
        "required" => "Trường này là bắt buộc.",
        "invalid" => "Giá trị không hợp lệ.",
        "not_found" => "Không tìm thấy bản ghi mà giá trị này chỉ tới trong phạm vi của bạn.",
        "too_long" => "Giá trị dài quá giới hạn cho phép.",
        "too_low" => "Giá trị thấp hơn mức tối thiểu.",
        "out_of_range" => "Giá trị nằm ngoài khoảng cho phép.",
        "negative" => "Giá trị không được âm.",
        "not_positive" => "Giá trị phải lớn hơn 0.",
        "duplicate" => "Giá trị bị lặp lại.",
        "taken" => "Giá trị này đã được dùng.",
        "in_future" => "Ngày không được ở tương lai.",
        "before_start" => "Ngày không được trước ngày bắt đầu.",
        "before_valid_from" => "Ngày không được trước ngày đơn vị bắt đầu tồn tại.",
        "before_posting" => "Ngày không được trước khi niêm yết.",
        "before_received_from" => "Ngày không được trước ngày nhận.",
        "posting_not_over" => "Thời gian niêm yết chưa kết thúc.",
        "unknown_period" => "Không phải là một kỳ của phong trào này.",
        "unknown" => "Giá trị không thuộc danh sách được chấp nhận.",
        "unknown_column" => "Cột không có trong danh sách cột được nhận.",
        "unknown_format" => "Định dạng không được hỗ trợ.",
        "too_deep" => "Cây lồng nhau quá nhiều cấp.",
        "nul_character" => "Văn bản không được chứa ký tự NUL (U+0000).",
        "weak_password" => "Mật khẩu quá yếu.",
        "incorrect" => "Giá trị không đúng.",
        "wrong_level" => "Đơn vị không ở cấp phù hợp.",
        "wrong_parent_kind" => "Loại đơn vị không được đặt dưới đơn vị cha này.",
        "not_commune_level" => "Phải là đơn vị cấp xã.",
        "root" => "Không áp dụng cho gốc của cây đơn vị.",
        "self" => "Không được chỉ tới chính bản ghi này.",
        "role_does_not_fit" => "Vai trò không phù hợp với loại đơn vị.",
        "inactive" => "Bản ghi này không còn hoạt động.",
        "closed" => "Đơn vị này đã đóng.",
        "moved" => "Bản ghi đã thay đổi trạng thái.",
        "missing" => "Còn thiếu giá trị.",
        "either" => "Chỉ được gửi một trong hai trường.",
        "fixed" => "Giá trị này không đổi được sau khi tạo.",
        "count" => "Số phần tử không đúng.",
        "ambiguous" => "Giá trị khớp với nhiều bản ghi.",
        "not_allowed" => "Giá trị này không được phép ở đây.",
        "invalid_search" => "Chuỗi tìm kiếm tối đa 100 ký tự và không chứa ký tự điều khiển.",
        "idempotency_key_reused" => "Idempotency-Key này đã được dùng cho một yêu cầu khác.",
        "not_a_member" => "Không phải thành viên Hội đồng.",
        "not_in_office" => "Thành viên không còn trong nhiệm kỳ vào ngày họp.",
        "more_than_present" => "Số phiếu vượt quá số thành viên có mặt.",
        "quorum_not_met" => "Chưa đủ số thành viên có mặt theo quy định.",
        "not_a_participant" => "Đơn vị không tham gia phong trào này.",
        "not_an_issuer" => "Đơn vị không ban hành phong trào được.",
        "outside_issuer" => "Đơn vị nằm ngoài phạm vi của đơn vị ban hành.",
        "other_campaign" => "Thuộc một phong trào khác.",
        "not_in_unit" => "Người này không thuộc đơn vị đã nêu.",
        "not_posted" => "Đề nghị chưa được niêm yết.",
        "not_approved" => "Chưa được duyệt.",
        "not_for_collectives" => "Hình thức này không dành cho tập thể.",
        "not_for_reject" => "Không dùng được khi từ chối.",
        "subject_not_allowed" => "Hình thức khen thưởng không dành cho đối tượng này.",
        "type_not_allowed" => "Loại này không được phép ở đây.",
        "award_type_not_in_force" => "Hình thức khen thưởng không còn hiệu lực vào ngày này.",
        "cannot_issue" => "Cấp này không có thẩm quyền ban hành.",
        "forwarded" => "Đề nghị đã được chuyển lên cấp trên.",
        "on_decision" => "Đề nghị đã có trong một quyết định.",
        "no_coefficient" => "Chưa có hệ số tiền thưởng cho hình thức này.",
        "no_base_salary" => "Chưa có mức lương cơ sở cho ngày này.",
        "fund_exceeded" => "Vượt quá quỹ thi đua, khen thưởng còn lại.",
        "below_committed" => "Thấp hơn số tiền đã cam kết.",
        _ => return format!("Giá trị không đạt quy tắc \"{rule}\"."),
    };
    known.to_owned()
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;

    use super::*;

    #[test]
    fn a_problem_keeps_its_codes_fields_and_figures() {
        let mut problem = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ValidationFailed, "x");
        problem.errors = vec![FieldError::new("name", "too_long", "must be at most 200 characters")];
        problem.current_status = None;
        let vi = problem.clone().in_vietnamese();
        assert_eq!((vi.title.as_str(), vi.code, vi.status), ("Dữ liệu không hợp lệ", problem.code, 422));
        assert_eq!(vi.detail, "Dữ liệu gửi lên có trường không hợp lệ; xem danh sách lỗi.");
        assert_eq!((vi.errors[0].field.as_str(), vi.errors[0].code.as_str()), ("name", "too_long"));
        assert_eq!(vi.errors[0].message, "Tối đa 200 ký tự.");
        let other = FieldError::new("title", "too_long", "longer than the plan allows");
        assert_eq!(
            Problem { errors: vec![other], ..problem }.in_vietnamese().errors[0].message,
            "Giá trị dài quá giới hạn cho phép."
        );
    }

    #[test]
    fn the_text_rules_keep_their_figures() {
        assert_eq!(text_rule("The name must be at most 200 characters.").as_deref(), Some("Tối đa 200 ký tự."));
        assert_eq!(
            text_rule("The description may hold 20,000 characters at most.").as_deref(),
            Some("Tối đa 20.000 ký tự.")
        );
        assert_eq!(text_rule("The code must be 1 to 50 characters.").as_deref(), Some("Phải dài từ 1 đến 50 ký tự."));
        assert_eq!(text_rule("The name must not be empty.").as_deref(), Some("Không được để trống."));
        assert_eq!(text_rule("Not a period of this campaign."), None);
    }

    #[test]
    fn every_code_and_status_has_its_own_words() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(detail(*code)), "{code:?} shares its sentence");
        }
        for status in [400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 429, 500, 503] {
            assert_ne!(title(status), "Lỗi", "{status}");
        }
        assert_eq!(field_message("a_new_rule"), "Giá trị không đạt quy tắc \"a_new_rule\".");
    }
}
