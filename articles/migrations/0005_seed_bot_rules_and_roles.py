from django.db import migrations

# The seed list of user agents that are not readers; staff extend or switch
# them off in the admin. Each is a case-insensitive regular expression.
BOT_RULES = [
    (r"googlebot|google-inspectiontool|googleother|storebot-google|adsbot-google"
     r"|mediapartners-google|apis-google|feedfetcher-google", "Google"),
    (r"bingbot|bingpreview|msnbot|adidxbot", "Microsoft Bing"),
    (r"duckduckbot|yandex(bot|mobilebot|images)|baiduspider|sogou|applebot|petalbot"
     r"|seznambot|qwantify|exabot|yeti/|coccocbot", "Mesin pencari lain"),
    (r"ahrefsbot|semrushbot|mj12bot|dotbot|blexbot|dataforseobot|megaindex|serpstatbot"
     r"|barkrowler|seekportbot", "Alat SEO"),
    (r"gptbot|chatgpt-user|oai-searchbot|claudebot|claude-web|anthropic-ai|ccbot"
     r"|perplexitybot|bytespider|amazonbot|meta-externalagent|facebookbot|cohere-ai",
     "Perayap AI"),
    (r"whatsapp", "Pratinjau tautan WhatsApp"),
    (r"facebookexternalhit|facebot|facebookcatalog", "Pratinjau tautan Facebook"),
    (r"telegrambot", "Pratinjau tautan Telegram"),
    (r"twitterbot", "Pratinjau tautan X (Twitter)"),
    (r"slackbot|slack-imgproxy|linkedinbot|discordbot|skypeuripreview|redditbot"
     r"|pinterestbot|embedly|iframely|vkshare|mastodon|bluesky", "Pratinjau tautan lain"),
    (r"^(curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client"
     r"|java|libwww-perl|node-fetch|axios|scrapy|httpclient|okhttp/[\d.]+$)",
     "Program, bukan peramban"),
    (r"headlesschrome|phantomjs|lighthouse|pagespeed|gtmetrix", "Peramban otomatis"),
    (r"uptimerobot|pingdom|statuscake|site24x7|better ?uptime|monitor", "Pemantau situs"),
    (r"\bbot\b|bot/|crawler|spider|\+https?://", "Pola umum bot"),
]


def seed_rules(apps, schema_editor):
    rule = apps.get_model("articles", "UserAgentRule")
    for pattern, description in BOT_RULES:
        rule.objects.get_or_create(pattern=pattern, defaults={"description": description})


def sync_roles(apps, schema_editor):
    """Did run the role sync of its day; ``accounts.0001_roles`` now does it once, from a
    frozen copy, so that this migration imports no live code."""


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_counting")]

    operations = [
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
