//! A browser's `User-Agent` in a few words, for a user's list of their
//! sessions: "Chrome 120 · Windows", "微信 8.0 · Android".

use crate::Lang;

/// The browser and system a `User-Agent` names, or the start of it when
/// neither is known; "unknown device" for none.
pub fn describe_user_agent(ua: Option<&str>, lang: Lang) -> String {
    let Some(ua) = ua.map(str::trim).filter(|u| !u.is_empty()) else {
        return lang.pick("未知设备", "Unknown device").to_string();
    };
    // Order matters: Edge and WeChat also say Chrome and Safari, Chrome says Safari.
    let browsers: [(&str, &str, &str); 8] = [
        ("MicroMessenger/", "微信", "WeChat"),
        ("Edg/", "Edge", "Edge"),
        ("OPR/", "Opera", "Opera"),
        ("Firefox/", "Firefox", "Firefox"),
        ("HeadlessChrome/", "Chrome (headless)", "Chrome (headless)"),
        ("Chrome/", "Chrome", "Chrome"),
        ("Version/", "Safari", "Safari"),
        ("curl/", "curl", "curl"),
    ];
    let browser = browsers.iter().find_map(|(marker, zh, en)| {
        let at = ua.find(marker)? + marker.len();
        let version: String = ua[at..].chars().take_while(|c| c.is_ascii_digit()).collect();
        let name = lang.pick(zh, en);
        Some(if version.is_empty() { name.to_string() } else { format!("{name} {version}") })
    });
    let systems = [
        ("Windows", "Windows"),
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let system = systems.iter().find(|(marker, _)| ua.contains(marker)).map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(b), None) => b,
        (None, Some(s)) => s.to_string(),
        (None, None) => ua.chars().take(40).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_browsers_read_as_browser_and_system() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(describe_user_agent(Some(chrome), Lang::Zh), "Chrome 120 · Windows");
        let edge = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0.2210";
        assert_eq!(describe_user_agent(Some(edge), Lang::En), "Edge 120 · Windows");
        let wechat =
            "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/107 Mobile Safari/537.36 MicroMessenger/8.0.42";
        assert_eq!(describe_user_agent(Some(wechat), Lang::Zh), "微信 8 · Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_user_agent(Some(iphone), Lang::En), "Safari 17 · iOS");
    }

    #[test]
    fn nothing_or_something_unknown_still_reads() {
        assert_eq!(describe_user_agent(None, Lang::Zh), "未知设备");
        assert_eq!(describe_user_agent(Some("  "), Lang::En), "Unknown device");
        assert_eq!(describe_user_agent(Some("python-requests/2.31"), Lang::En), "python-requests/2.31");
    }
}
