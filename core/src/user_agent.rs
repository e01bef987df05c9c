//! What an authentication log shows of a `User-Agent`: the browser, the platform and the kind of
//! device, by the tokens browsers put in it (order matters: Edge and Opera also say "Chrome",
//! Chrome also says "Safari").

/// Browser, platform and device of a user agent (`None` when not recognised).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agent {
    /// e.g. `Firefox`, `Chrome`, `Safari`, `Edge`, `Opera`.
    pub browser: Option<&'static str>,
    /// e.g. `Windows`, `OS X`, `iOS`, `AndroidOS`, `Linux`.
    pub platform: Option<&'static str>,
    /// `desktop`, `phone`, `tablet` or `robot`.
    pub device: &'static str,
}

/// Reads a user agent.
pub fn parse(ua: &str) -> Agent {
    let has = |token: &str| ua.contains(token);
    let browser = [
        ("Edg", "Edge"),
        ("OPR/", "Opera"),
        ("Opera", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(token, _)| has(token))
    .map(|(_, name)| *name);
    let platform = [
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Android", "AndroidOS"),
        ("Mac OS X", "OS X"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(token, _)| has(token))
    .map(|(_, name)| *name);
    let lower = ua.to_ascii_lowercase();
    let device = if ["bot", "crawl", "spider", "curl/", "wget/"]
        .iter()
        .any(|t| lower.contains(t))
    {
        "robot"
    } else if has("iPad") || (has("Android") && !has("Mobile")) {
        "tablet"
    } else if has("Mobile") || has("iPhone") {
        "phone"
    } else {
        "desktop"
    };
    Agent {
        browser,
        platform,
        device,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_agents() {
        let firefox = parse(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0",
        );
        assert_eq!(
            firefox,
            Agent {
                browser: Some("Firefox"),
                platform: Some("Windows"),
                device: "desktop"
            }
        );
        let iphone = parse(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
        );
        assert_eq!(
            (iphone.browser, iphone.platform, iphone.device),
            (Some("Safari"), Some("iOS"), "phone")
        );
        let edge = parse(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
        );
        assert_eq!((edge.browser, edge.platform), (Some("Edge"), Some("OS X")));
        assert_eq!(parse("curl/8.0").device, "robot");
        assert_eq!(parse("node").browser, None);
    }
}
