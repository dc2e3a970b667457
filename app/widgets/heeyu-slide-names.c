/* heeyu-slide-names.c: Korean and English names of codes, side by side
 *
 * Slides can show both languages at once (Korean title, English subtitle
 * for international guests), whatever the app's language, so these names
 * are pairs rather than gettext strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-slide-private.h"

typedef struct
{
  const char *code;
  const char *ko;
  const char *en;
} Name;

static const Name stages[] = {
  { "mining", "채굴", "Mining" },
  { "refining", "정련", "Refining" },
  { "smelting", "제련", "Smelting" },
  { "materials", "소재", "Materials" },
  { "components", "부품", "Components" },
  { "recycling", "재활용", "Recycling" },
  { "trading", "유통", "Trading" },
  { "research", "연구", "Research" },
  { "mine", "광산", "Mine" },
  { "refinery", "정련", "Refinery" },
  { "smelter", "제련", "Smelter" },
};

static const Name regions[] = {
  { "KR-11", "서울", "Seoul" },
  { "KR-26", "부산", "Busan" },
  { "KR-27", "대구", "Daegu" },
  { "KR-28", "인천", "Incheon" },
  { "KR-29", "광주", "Gwangju" },
  { "KR-30", "대전", "Daejeon" },
  { "KR-31", "울산", "Ulsan" },
  { "KR-50", "세종", "Sejong" },
  { "KR-41", "경기", "Gyeonggi" },
  { "KR-42", "강원", "Gangwon" },
  { "KR-43", "충북", "N. Chungcheong" },
  { "KR-44", "충남", "S. Chungcheong" },
  { "KR-45", "전북", "N. Jeolla" },
  { "KR-46", "전남", "S. Jeolla" },
  { "KR-47", "경북", "N. Gyeongsang" },
  { "KR-48", "경남", "S. Gyeongsang" },
  { "KR-49", "제주", "Jeju" },
};

static const Name countries[] = {
  { "AM", "아르메니아", "Armenia" }, { "AR", "아르헨티나", "Argentina" },
  { "AT", "오스트리아", "Austria" }, { "AU", "호주", "Australia" },
  { "BE", "벨기에", "Belgium" }, { "BI", "부룬디", "Burundi" },
  { "BO", "볼리비아", "Bolivia" }, { "BR", "브라질", "Brazil" },
  { "CA", "캐나다", "Canada" }, { "CD", "콩고민주공화국", "DR Congo" },
  { "CI", "코트디부아르", "Côte d'Ivoire" }, { "CL", "칠레", "Chile" },
  { "CN", "중국", "China" }, { "CU", "쿠바", "Cuba" },
  { "DE", "독일", "Germany" }, { "ES", "스페인", "Spain" },
  { "FR", "프랑스", "France" }, { "GA", "가봉", "Gabon" },
  { "GB", "영국", "United Kingdom" }, { "GE", "조지아", "Georgia" },
  { "GH", "가나", "Ghana" }, { "GL", "그린란드", "Greenland" },
  { "GT", "과테말라", "Guatemala" }, { "ID", "인도네시아", "Indonesia" },
  { "IL", "이스라엘", "Israel" }, { "IN", "인도", "India" },
  { "IR", "이란", "Iran" }, { "JP", "일본", "Japan" },
  { "KG", "키르기스스탄", "Kyrgyzstan" }, { "KP", "북한", "North Korea" },
  { "KR", "한국", "Korea" }, { "KZ", "카자흐스탄", "Kazakhstan" },
  { "LA", "라오스", "Laos" }, { "LK", "스리랑카", "Sri Lanka" },
  { "MG", "마다가스카르", "Madagascar" }, { "MM", "미얀마", "Myanmar" },
  { "MN", "몽골", "Mongolia" }, { "MX", "멕시코", "Mexico" },
  { "MY", "말레이시아", "Malaysia" }, { "MZ", "모잠비크", "Mozambique" },
  { "NC", "뉴칼레도니아", "New Caledonia" }, { "NG", "나이지리아", "Nigeria" },
  { "NO", "노르웨이", "Norway" }, { "PE", "페루", "Peru" },
  { "PG", "파푸아뉴기니", "Papua New Guinea" }, { "PH", "필리핀", "Philippines" },
  { "PK", "파키스탄", "Pakistan" }, { "PT", "포르투갈", "Portugal" },
  { "RU", "러시아", "Russia" }, { "RW", "르완다", "Rwanda" },
  { "SA", "사우디아라비아", "Saudi Arabia" }, { "TH", "태국", "Thailand" },
  { "TJ", "타지키스탄", "Tajikistan" }, { "TR", "튀르키예", "Türkiye" },
  { "TZ", "탄자니아", "Tanzania" }, { "UA", "우크라이나", "Ukraine" },
  { "US", "미국", "United States" }, { "UZ", "우즈베키스탄", "Uzbekistan" },
  { "VN", "베트남", "Viet Nam" }, { "ZA", "남아프리카공화국", "South Africa" },
  { "ZW", "짐바브웨", "Zimbabwe" },
  { "OTHER", "기타", "Other countries" },
};

static const char *
lookup (const Name *names,
        gsize       n,
        const char *code,
        gboolean    korean)
{
  for (gsize i = 0; code != NULL && i < n; i++)
    if (strcmp (names[i].code, code) == 0)
      return korean ? names[i].ko : names[i].en;
  return code ? code : "";
}

const char *
heeyu_slide_stage_name (const char *code,
                        gboolean    korean)
{
  return lookup (stages, G_N_ELEMENTS (stages), code, korean);
}

const char *
heeyu_slide_region_name (const char *code,
                         gboolean    korean)
{
  if (code == NULL || *code == '\0')
    return korean ? "미상" : "Unknown";
  return lookup (regions, G_N_ELEMENTS (regions), code, korean);
}

const char *
heeyu_slide_country_name (const char *code,
                          gboolean    korean)
{
  return lookup (countries, G_N_ELEMENTS (countries), code, korean);
}
