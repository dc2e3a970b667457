/* heeyu-datagen-companies.c: synthetic companies of Korea's rare-metal
 * industry
 *
 * Names are built from common Korean company-name parts with matching
 * English names; locations are real industrial complexes with the kind of
 * work really done there (smelting in Onsan, battery materials in Pohang,
 * Ochang and Saemangeum, powders and recycling in Banwol-Sihwa …).  No
 * company is real: any likeness to a registered name is chance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-datagen-private.h"

enum
{
  ST_MINING     = 1 << 0,
  ST_REFINING   = 1 << 1,
  ST_SMELTING   = 1 << 2,
  ST_MATERIALS  = 1 << 3,
  ST_COMPONENTS = 1 << 4,
  ST_RECYCLING  = 1 << 5,
  ST_TRADING    = 1 << 6,
  ST_RESEARCH   = 1 << 7,
  N_STAGES      = 8
};

static const char * const stage_names[N_STAGES] = {
  "mining", "refining", "smelting", "materials", "components", "recycling", "trading", "research"
};

/* ------------------------------------------------------------------------ */
/* Where: real industrial complexes, with the metals handled there          */

typedef struct
{
  const char *region;       /* ISO 3166-2:KR */
  const char *area_code;    /* telephone */
  const char *city;
  const char *district;     /* start of the road-name address */
  const char *complex;      /* NULL: no industrial complex (mines, offices) */
  double      lat, lon;
  const char *roads;        /* ";"-separated road names */
  double      weight;
  guint       stages;       /* stages more likely here */
  const char *metals;       /* "Zn:5,Pb:4,..." metals more likely here */
  int         tax_office;   /* first three digits of the business number */
} Site;

static const Site sites[] = {
  { "KR-41", "031", "안산시", "경기도 안산시 단원구", "반월국가산업단지", 37.3090, 126.7680,
    "산단로;해봉로;원시로;별망로", 10, ST_MATERIALS | ST_RECYCLING | ST_COMPONENTS,
    "W:4,Mo:3,Ni:3,Co:2,Ti:2,Sn:2,Cu:3,Zn:1,In:1", 134 },
  { "KR-41", "031", "시흥시", "경기도 시흥시", "시화국가산업단지", 37.3420, 126.7310,
    "공단1대로;공단2대로;옥구천동로;희망공원로", 8, ST_MATERIALS | ST_RECYCLING | ST_COMPONENTS,
    "W:3,Mo:2,Ni:3,Co:2,Cu:3,Al:2,Sn:2,Zn:1", 233 },
  { "KR-41", "031", "성남시", "경기도 성남시 분당구", "판교테크노밸리", 37.4010, 127.1080,
    "판교로;대왕판교로;판교역로", 3, ST_RESEARCH | ST_TRADING,
    "Ga:3,In:3,Si:3,Ge:2,Hf:2,Ta:2,REE:1", 129 },
  { "KR-41", "031", "평택시", "경기도 평택시 포승읍", "평택포승국가산업단지", 36.9870, 126.8370,
    "포승공단로;평택항로", 2, ST_MATERIALS | ST_COMPONENTS | ST_TRADING,
    "Si:3,Ga:2,Al:2,Cu:2,Ni:1", 125 },
  { "KR-11", "02", "서울특별시", "서울특별시 금천구", "서울디지털산업단지", 37.4780, 126.8870,
    "가산디지털1로;가산디지털2로;디지털로", 3, ST_TRADING | ST_RESEARCH | ST_COMPONENTS,
    "In:2,Ga:2,Si:2,REE:2,Co:1,Li:1", 119 },
  { "KR-11", "02", "서울특별시", "서울특별시 강남구", NULL, 37.5040, 127.0440,
    "테헤란로;강남대로;언주로", 3, ST_TRADING,
    "Li:3,Ni:3,Co:3,REE:2,W:2,Mo:2,PGM:2,Cu:2", 120 },
  { "KR-28", "032", "인천광역시", "인천광역시 남동구", "남동국가산업단지", 37.4050, 126.6950,
    "남동서로;남동대로;앵고개로;능허대로", 8, ST_MATERIALS | ST_COMPONENTS | ST_RECYCLING,
    "Ni:3,Cu:3,Sn:2,W:2,Mo:2,Ti:2,Zn:1,Al:2,Cr:1", 131 },
  { "KR-28", "032", "인천광역시", "인천광역시 서구", "인천서부산업단지", 37.5190, 126.6720,
    "가재울로;봉수대로", 2, ST_RECYCLING | ST_SMELTING,
    "Cu:3,Al:3,Pb:2,Zn:2,Sn:1,PGM:1", 137 },
  { "KR-31", "052", "울산광역시", "울산광역시 남구", "울산미포국가산업단지", 35.5040, 129.3560,
    "용잠로;산업로;사평로;납도로", 5, ST_SMELTING | ST_REFINING | ST_MATERIALS,
    "Cu:4,Zn:2,Pb:2,Ni:2,Co:2,Li:2,Mo:1", 610 },
  { "KR-31", "052", "울산광역시", "울산광역시 울주군 온산읍", "온산국가산업단지", 35.4300, 129.3350,
    "온산로;산암로;당월로;처용산업2길", 5, ST_SMELTING | ST_REFINING | ST_RECYCLING,
    "Zn:5,Pb:4,Cu:3,In:3,Bi:2,Sb:2,Ge:1,Ga:1,Ni:2,Co:1,Cd:1,PGM:1,Te:1,Se:1", 620 },
  { "KR-47", "054", "포항시", "경상북도 포항시 남구", "포항철강산업단지", 35.9950, 129.3750,
    "철강로;대송로;청림서길;섬안로", 5, ST_SMELTING | ST_MATERIALS,
    "Mn:4,Ni:3,Mo:3,Cr:3,V:2,Nb:2,Ti:2,Si:2,Al:1", 506 },
  { "KR-47", "054", "포항시", "경상북도 포항시 북구 흥해읍", "영일만일반산업단지", 36.1040, 129.3450,
    "영일만산단로;흥해로", 4, ST_MATERIALS | ST_REFINING | ST_RECYCLING,
    "Li:5,Ni:5,Co:4,Mn:3,C:2", 506 },
  { "KR-47", "054", "구미시", "경상북도 구미시", "구미국가산업단지", 36.1060, 128.3870,
    "1공단로;3공단로;수출대로;산호대로", 5, ST_COMPONENTS | ST_MATERIALS,
    "Ga:3,In:3,Si:3,Ge:1,Ta:2,Sn:2,Cu:2,Ni:2,Li:1,C:1", 513 },
  { "KR-46", "061", "광양시", "전라남도 광양시", "광양국가산업단지", 34.9270, 127.7250,
    "제철로;백운로;항만대로;세풍산단로", 4, ST_REFINING | ST_SMELTING | ST_MATERIALS,
    "Li:4,Ni:4,Mn:3,Co:2,Mo:2,Cr:2,Nb:1,V:1", 416 },
  { "KR-46", "061", "여수시", "전라남도 여수시", "여수국가산업단지", 34.8330, 127.6870,
    "여수산단로;망양로", 3, ST_REFINING | ST_MATERIALS,
    "Li:3,Si:2,B:2,P:2,Ti:1,Ni:1", 417 },
  { "KR-45", "063", "군산시", "전라북도 군산시", "군산국가산업단지", 35.9530, 126.5780,
    "외항로;산단동서로;자유로", 3, ST_MATERIALS | ST_RECYCLING | ST_REFINING,
    "Ni:3,Co:3,Mn:2,Li:3,Cu:1,Al:1", 401 },
  { "KR-45", "063", "군산시", "전라북도 군산시 오식도동", "새만금국가산업단지", 35.9000, 126.6150,
    "새만금북로;새만금산단로", 3, ST_MATERIALS | ST_REFINING | ST_RECYCLING,
    "Li:5,Ni:4,Co:4,Mn:3,C:2", 401 },
  { "KR-43", "043", "청주시", "충청북도 청주시 청원구 오창읍", "오창과학산업단지", 36.7190, 127.4290,
    "과학산업1로;과학산업2로;과학산업3로;과학산업4로", 4, ST_MATERIALS | ST_COMPONENTS | ST_RESEARCH,
    "Li:4,Ni:3,Co:3,Mn:2,C:3,Si:2,Ga:1,In:1", 317 },
  { "KR-43", "043", "청주시", "충청북도 청주시 흥덕구", "청주일반산업단지", 36.6410, 127.4300,
    "직지대로;송정로;풍산로", 2, ST_COMPONENTS | ST_MATERIALS,
    "Si:3,Ga:2,In:2,Cu:2,Ta:1,Sn:1", 301 },
  { "KR-30", "042", "대전광역시", "대전광역시 유성구", "대덕연구개발특구", 36.3740, 127.3600,
    "대덕대로;유성대로;테크노2로;엑스포로", 4, ST_RESEARCH | ST_MATERIALS,
    "REE:3,Ga:2,Ge:2,In:2,Li:2,Ti:2,W:1,Nb:1,Hf:1,Te:1,Se:1", 314 },
  { "KR-48", "055", "창원시", "경상남도 창원시 성산구", "창원국가산업단지", 35.2070, 128.6600,
    "공단로;웅남로;남면로;완암로", 4, ST_COMPONENTS | ST_MATERIALS | ST_SMELTING,
    "W:3,Ti:3,Ni:3,Mo:2,Cr:2,V:1,Nb:1,Co:2,REE:1", 609 },
  { "KR-26", "051", "부산광역시", "부산광역시 강서구", "녹산국가산업단지", 35.0880, 128.8540,
    "녹산산단로;녹산산업중로;녹산산업북로", 3, ST_COMPONENTS | ST_MATERIALS | ST_TRADING,
    "Ni:2,Cu:3,Sn:2,Zn:2,Ti:1,Mo:1", 621 },
  { "KR-27", "053", "대구광역시", "대구광역시 달성군 구지면", "대구국가산업단지", 35.6540, 128.4170,
    "국가산단대로;국가산단북로;국가산단남로", 2, ST_MATERIALS | ST_COMPONENTS,
    "Li:4,Ni:4,Co:3,Mn:3,Al:1", 514 },
  { "KR-44", "041", "당진시", "충청남도 당진시 송악읍", "아산국가산업단지", 36.9760, 126.7020,
    "부곡공단4길;고대공단2길;송악로", 2, ST_SMELTING | ST_MATERIALS,
    "Mn:3,Ni:3,Cr:3,V:2,Mo:2,Nb:2,Si:2", 310 },
  { "KR-29", "062", "광주광역시", "광주광역시 광산구", "하남산업단지", 35.1900, 126.8070,
    "하남산단로;하남대로", 1, ST_COMPONENTS | ST_RECYCLING,
    "Cu:3,Al:3,Zn:1,Sn:1", 410 },
  { "KR-42", "033", "동해시", "강원도 동해시", "북평국가산업단지", 37.4810, 129.1240,
    "북평산단로;동해대로", 1, ST_SMELTING | ST_MATERIALS | ST_MINING,
    "C:2,Mo:2,W:2,Mg:2,Zn:1", 222 },
  { "KR-42", "033", "영월군", "강원도 영월군 상동읍", NULL, 37.1470, 128.8250,
    "상동로;구래길", 1, ST_MINING,
    "W:6,Mo:3,Bi:1", 225 },
  { "KR-42", "033", "삼척시", "강원도 삼척시", NULL, 37.4400, 129.1660,
    "중앙로;척주로", 1, ST_MINING,
    "C:3,Zn:1,Pb:1,Mo:1", 222 },
};

/* ------------------------------------------------------------------------ */
/* What: name parts                                                         */

typedef struct
{
  const char *ko;
  const char *en;
} Pair;

static const Pair prefixes[] = {
  { "한울", "Hanul" }, { "대성", "Daesung" }, { "코리아", "Korea" }, { "동방", "Dongbang" },
  { "세원", "Sewon" }, { "에이치", "H" }, { "태광", "Taekwang" }, { "신흥", "Shinheung" },
  { "한빛", "Hanbit" }, { "미래", "Mirae" }, { "삼화", "Samhwa" }, { "대한", "Daehan" },
  { "고려", "Koryo" }, { "동양", "Dongyang" }, { "성진", "Sungjin" }, { "우진", "Woojin" },
  { "대원", "Daewon" }, { "진성", "Jinsung" }, { "청운", "Cheongun" }, { "금강", "Geumgang" },
  { "새한", "Saehan" }, { "보성", "Bosung" }, { "태양", "Taeyang" }, { "서해", "Seohae" },
  { "동해", "Donghae" }, { "남해", "Namhae" }, { "광명", "Gwangmyeong" }, { "제일", "Jeil" },
  { "유니", "Uni" }, { "에스", "S" }, { "케이", "K" }, { "제이", "J" }, { "엠", "M" },
  { "나노", "Nano" }, { "그린", "Green" }, { "뉴", "New" }, { "이노", "Inno" },
  { "씨엠", "CM" }, { "에코", "Eco" }, { "하이", "Hi" }, { "글로벌", "Global" },
  { "한국", "Hanguk" }, { "삼원", "Samwon" }, { "영진", "Youngjin" }, { "화신", "Hwashin" },
  { "경인", "Kyungin" }, { "영남", "Youngnam" }, { "호남", "Honam" }, { "중앙", "Jungang" },
  { "동서", "Dongseo" }, { "선진", "Sunjin" }, { "일신", "Ilshin" }, { "대양", "Daeyang" },
  { "한성", "Hansung" }, { "명성", "Myungsung" }, { "신성", "Shinsung" }, { "정우", "Jungwoo" },
  { "아이엠", "IM" }, { "티에스", "TS" }, { "디에이치", "DH" }, { "에이엠", "AM" },
  { "케이엠", "KM" }, { "에스앤티", "S&T" }, { "비엠", "BM" }, { "알엠", "RM" },
  { "동일", "Dongil" }, { "상신", "Sangshin" }, { "대진", "Daejin" }, { "세진", "Sejin" },
  { "태성", "Taesung" }, { "경동", "Kyungdong" }, { "동아", "Donga" }, { "신라", "Silla" },
  { "가야", "Gaya" }, { "백두", "Baekdu" }, { "새론", "Saeron" }, { "다온", "Daon" },
  { "누리", "Nuri" }, { "가람", "Garam" }, { "온누리", "Onnuri" }, { "이룸", "Irum" },
  { "해솔", "Haesol" }, { "한결", "Hangyeol" }, { "아름", "Areum" }, { "미르", "Mir" },
  { "나라", "Nara" }, { "청암", "Cheongam" }, { "동진", "Dongjin" }, { "석원", "Seokwon" },
  { "유진", "Yujin" }, { "성우", "Sungwoo" }, { "정원", "Jungwon" }, { "대명", "Daemyung" },
  { "한일", "Hanil" }, { "삼진", "Samjin" }, { "태평", "Taepyeong" }, { "창신", "Changshin" },
  { "영신", "Youngshin" }, { "대광", "Daekwang" }, { "천일", "Cheonil" }, { "제이에스", "JS" },
  { "와이엠", "YM" }, { "엔에스", "NS" }, { "에이티", "AT" }, { "케이씨", "KC" },
};

typedef struct
{
  const char *ko;
  const char *en;
  guint       stages;      /* stages a company of this name does */
  guint       extra;       /* stages it may also do */
  double      weight;
} Core;

static const Core cores[] = {
  { "머티리얼즈", "Materials", ST_MATERIALS, ST_REFINING | ST_RESEARCH | ST_COMPONENTS, 10 },
  { "소재", "Materials", ST_MATERIALS, ST_REFINING | ST_COMPONENTS, 8 },
  { "신소재", "Advanced Materials", ST_MATERIALS, ST_RESEARCH | ST_REFINING, 5 },
  { "메탈", "Metal", ST_SMELTING, ST_MATERIALS | ST_TRADING | ST_RECYCLING, 8 },
  { "금속", "Metals", ST_SMELTING, ST_MATERIALS | ST_RECYCLING, 8 },
  { "정밀", "Precision", ST_COMPONENTS, ST_MATERIALS, 6 },
  { "케미칼", "Chemical", ST_REFINING, ST_MATERIALS, 6 },
  { "산업", "Industries", ST_MATERIALS, ST_SMELTING | ST_COMPONENTS | ST_TRADING, 8 },
  { "테크", "Tech", ST_COMPONENTS, ST_MATERIALS | ST_RESEARCH, 7 },
  { "리사이클링", "Recycling", ST_RECYCLING, ST_REFINING | ST_TRADING, 5 },
  { "자원", "Resources", ST_RECYCLING, ST_MINING | ST_TRADING | ST_REFINING, 4 },
  { "광업", "Mining", ST_MINING, ST_REFINING, 1 },
  { "제련", "Smelting", ST_SMELTING, ST_REFINING | ST_RECYCLING, 3 },
  { "에너지", "Energy", ST_MATERIALS, ST_RECYCLING | ST_COMPONENTS, 3 },
  { "세라믹", "Ceramics", ST_MATERIALS, ST_COMPONENTS, 2 },
  { "상사", "Trading", ST_TRADING, 0, 3 },
  { "인터내셔널", "International", ST_TRADING, ST_MATERIALS, 2 },
  { "하이텍", "Hitech", ST_COMPONENTS, ST_MATERIALS | ST_RESEARCH, 3 },
  { "전자재료", "Electronic Materials", ST_MATERIALS, ST_COMPONENTS | ST_REFINING, 3 },
  { "알로이", "Alloy", ST_SMELTING, ST_MATERIALS, 2 },
  { "분말", "Powder", ST_MATERIALS, ST_RECYCLING, 2 },
  { "엔지니어링", "Engineering", ST_COMPONENTS, ST_RESEARCH, 2 },
  { "연구소", "Research Institute", ST_RESEARCH, ST_MATERIALS, 1 },
};

/* Legal forms: Korean text before and after the name, English suffix. */
static const struct
{
  const char *ko_before;
  const char *ko_after;
  const char *en;
  double      weight;
} forms[] = {
  { "(주)", "", "Co., Ltd.", 30 },
  { "", "(주)", "Co., Ltd.", 20 },
  { "주식회사 ", "", "Co., Ltd.", 20 },
  { "", " 주식회사", "Corporation", 8 },
  { "(주)", "", "Inc.", 8 },
  { "", "(유)", "Ltd.", 3 },
  { "유한회사 ", "", "Ltd.", 2 },
  { "", "", "", 4 },            /* sole proprietorship: no legal form */
};

/* ------------------------------------------------------------------------ */
/* What: products per metal, by stage class                                 */

typedef struct
{
  const char *metal;
  char        cls;    /* r: refined/raw (refining, smelting, mining, recycling),
                         m: materials, c: components */
  const char *ko;
  const char *en;
} Product;

static const Product products[] = {
  { "Ga", 'r', "고순도 갈륨", "high-purity gallium" },
  { "Ga", 'c', "질화갈륨 웨이퍼", "GaN wafers" },
  { "Ga", 'c', "갈륨비소 웨이퍼", "GaAs wafers" },
  { "Ga", 'm', "트리메틸갈륨", "trimethylgallium" },
  { "In", 'r', "고순도 인듐", "high-purity indium" },
  { "In", 'm', "ITO 타깃", "ITO sputtering targets" },
  { "In", 'c', "인듐 솔더", "indium solder" },
  { "Ge", 'r', "게르마늄 잉곳", "germanium ingots" },
  { "Ge", 'c', "적외선 광학렌즈", "infrared optics" },
  { "Ge", 'm', "사염화게르마늄", "germanium tetrachloride" },
  { "Si", 'r', "금속 실리콘", "silicon metal" },
  { "Si", 'm', "폴리실리콘", "polysilicon" },
  { "Si", 'c', "실리콘 웨이퍼", "silicon wafers" },
  { "Si", 'm', "실리콘 음극재", "silicon anode material" },
  { "Li", 'r', "수산화리튬", "lithium hydroxide" },
  { "Li", 'r', "탄산리튬", "lithium carbonate" },
  { "Li", 'm', "리튬 금속 음극", "lithium metal anodes" },
  { "Li", 'm', "전해질 리튬염", "lithium electrolyte salts" },
  { "Ni", 'r', "황산니켈", "nickel sulphate" },
  { "Ni", 'm', "NCM 전구체", "NCM precursor" },
  { "Ni", 'm', "하이니켈 양극재", "high-nickel cathode material" },
  { "Ni", 'c', "니켈 초합금 부품", "nickel superalloy parts" },
  { "Ni", 'm', "니켈 분말", "nickel powder" },
  { "Co", 'r', "황산코발트", "cobalt sulphate" },
  { "Co", 'm', "코발트 분말", "cobalt powder" },
  { "Co", 'm', "NCA 양극재", "NCA cathode material" },
  { "Mn", 'r', "고순도 황산망간", "high-purity manganese sulphate" },
  { "Mn", 'r', "페로망간", "ferromanganese" },
  { "Mn", 'm', "LMFP 양극재", "LMFP cathode material" },
  { "W", 'r', "APT(파라텅스텐산암모늄)", "APT (ammonium paratungstate)" },
  { "W", 'm', "텅스텐 분말", "tungsten powder" },
  { "W", 'c', "초경합금 공구", "cemented carbide tools" },
  { "W", 'm', "텅스텐 카바이드", "tungsten carbide" },
  { "Mo", 'r', "몰리브덴 산화물", "molybdenum oxide" },
  { "Mo", 'r', "페로몰리브덴", "ferromolybdenum" },
  { "Mo", 'm', "몰리브덴 타깃", "molybdenum sputtering targets" },
  { "Ti", 'r', "티타늄 스펀지", "titanium sponge" },
  { "Ti", 'm', "티타늄 판재", "titanium plate" },
  { "Ti", 'c', "항공용 티타늄 부품", "aerospace titanium parts" },
  { "Ti", 'm', "이산화티타늄", "titanium dioxide" },
  { "REE", 'r', "희토류 산화물", "rare-earth oxides" },
  { "REE", 'm', "희토류 영구자석", "rare-earth permanent magnets" },
  { "REE", 'm', "연마재(산화세륨)", "ceria polishing powder" },
  { "Nd", 'm', "네오디뮴 자석", "NdFeB magnets" },
  { "Nd", 'r', "네오디뮴 합금", "neodymium alloy" },
  { "Dy", 'm', "디스프로슘 확산 자석", "Dy grain-boundary diffused magnets" },
  { "Tb", 'm', "터븀 형광체", "terbium phosphors" },
  { "Ce", 'm', "산화세륨 연마재", "cerium oxide slurry" },
  { "La", 'm', "란탄 촉매", "lanthanum catalysts" },
  { "Nb", 'r', "페로니오븀", "ferroniobium" },
  { "Nb", 'm', "니오븀 코팅 양극재", "niobium-coated cathode material" },
  { "V", 'r', "페로바나듐", "ferrovanadium" },
  { "V", 'm', "바나듐 전해액", "vanadium electrolyte" },
  { "Ta", 'm', "탄탈럼 분말", "tantalum powder" },
  { "Ta", 'c', "탄탈 커패시터", "tantalum capacitors" },
  { "Cr", 'r', "페로크롬", "ferrochrome" },
  { "Cr", 'm', "크롬 도금액", "chrome plating chemicals" },
  { "Zr", 'm', "지르코니아 분말", "zirconia powder" },
  { "Zr", 'c', "지르코늄 피복관", "zirconium cladding tubes" },
  { "Hf", 'm', "하프늄 전구체", "hafnium precursors" },
  { "Mg", 'r', "마그네슘 잉곳", "magnesium ingots" },
  { "Mg", 'c', "마그네슘 다이캐스팅", "magnesium die castings" },
  { "Sn", 'r', "주석 잉곳", "tin ingots" },
  { "Sn", 'c', "무연 솔더", "lead-free solder" },
  { "Sb", 'r', "삼산화안티모니", "antimony trioxide" },
  { "Bi", 'r', "고순도 비스무트", "high-purity bismuth" },
  { "Bi", 'm', "열전 소재", "thermoelectric materials" },
  { "Te", 'm', "텔루륨 열전소자", "tellurium thermoelectric modules" },
  { "Se", 'r', "고순도 셀레늄", "high-purity selenium" },
  { "C", 'r', "구상흑연", "spherical graphite" },
  { "C", 'm', "흑연 음극재", "graphite anode material" },
  { "Cu", 'r', "전기동", "copper cathode" },
  { "Cu", 'm', "동박", "copper foil" },
  { "Cu", 'c', "동 합금 커넥터", "copper-alloy connectors" },
  { "Al", 'm', "알루미늄 박", "aluminium foil" },
  { "Al", 'c', "배터리 케이스", "battery cases" },
  { "Zn", 'r', "아연 괴", "zinc ingots" },
  { "Zn", 'm', "아연 분말", "zinc powder" },
  { "Pb", 'r', "전기연", "refined lead" },
  { "PGM", 'r', "백금족 회수", "PGM recovery" },
  { "PGM", 'm', "귀금속 촉매", "precious-metal catalysts" },
  { "Pt", 'm', "백금 촉매", "platinum catalysts" },
  { "Pd", 'm', "팔라듐 페이스트", "palladium paste" },
  { "B", 'm', "붕소 도펀트", "boron dopants" },
  { "P", 'm', "고순도 인산", "high-purity phosphoric acid" },
  { "As", 'm', "고순도 비소", "high-purity arsenic" },
  { "Be", 'c', "베릴륨동 스프링", "beryllium-copper springs" },
  { "Sr", 'm', "페라이트용 탄산스트론튬", "strontium carbonate for ferrites" },
  { "Ba", 'm', "티탄산바륨 분말", "barium titanate powder" },
  { "Cs", 'm', "세슘 화합물", "caesium compounds" },
  { "Tl", 'm', "탈륨 화합물", "thallium compounds" },
  { "Cd", 'r', "카드뮴 회수", "cadmium recovery" },
  { "Re", 'm', "레늄 합금", "rhenium alloys" },
};

/* Which metals Korea's industry handles, by how many companies. */
static const struct
{
  const char *code;
  double      weight;
} metal_weights[] = {
  { "Ni", 10 }, { "Li", 9 }, { "Co", 8 }, { "Mn", 6 }, { "Cu", 6 }, { "W", 5 }, { "Mo", 5 },
  { "Ti", 5 }, { "Si", 5 }, { "REE", 4 }, { "Al", 4 }, { "C", 4 }, { "In", 3 }, { "Ga", 3 },
  { "Zn", 3 }, { "Sn", 3 }, { "Cr", 3 }, { "Mg", 3 }, { "Nb", 2 }, { "V", 2 }, { "Ta", 2 },
  { "Zr", 2 }, { "PGM", 2 }, { "Nd", 2 }, { "Pb", 2 }, { "Ge", 1 }, { "Bi", 1 }, { "Sb", 1 },
  { "Te", 1 }, { "Se", 1 }, { "Pt", 1 }, { "Pd", 1 }, { "Dy", 1 }, { "Ce", 1 }, { "La", 1 },
  { "Hf", 1 }, { "B", 1 }, { "P", 1 }, { "Tb", 0.5 }, { "Sr", 0.5 }, { "Ba", 0.5 },
  { "Cd", 0.5 }, { "Be", 0.3 }, { "As", 0.3 }, { "Re", 0.3 }, { "Cs", 0.2 }, { "Tl", 0.1 },
};

static const struct
{
  const char *name;
  double      weight;
  guint       stages;   /* 0: any */
} certifications[] = {
  { "ISO 9001", 80, 0 },
  { "ISO 14001", 50, 0 },
  { "ISO 45001", 25, 0 },
  { "IATF 16949", 30, ST_COMPONENTS | ST_MATERIALS },
  { "AS9100", 8, ST_COMPONENTS | ST_SMELTING },
  { "ISO 50001", 5, ST_SMELTING | ST_REFINING },
  { "KS", 15, ST_SMELTING | ST_MATERIALS },
  { "ISO/IEC 17025", 20, ST_RESEARCH },
};

/* ------------------------------------------------------------------------ */

struct DgCompanies
{
  GPtrArray *metals;            /* codes: those of the dataset */
  double    *site_weights;
  double    *core_weights;
  double    *form_weights;
  GHashTable *reg_nos;          /* used numbers (as gint64 keys) */
  DgRand     rand;
};

DgCompanies *
dg_companies_new (const char * const *metal_codes)
{
  DgCompanies *c = g_new0 (DgCompanies, 1);

  c->metals = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; metal_codes[i]; i++)
    g_ptr_array_add (c->metals, g_strdup (metal_codes[i]));
  c->site_weights = g_new (double, G_N_ELEMENTS (sites));
  for (guint i = 0; i < G_N_ELEMENTS (sites); i++)
    c->site_weights[i] = sites[i].weight;
  c->core_weights = g_new (double, G_N_ELEMENTS (cores));
  for (guint i = 0; i < G_N_ELEMENTS (cores); i++)
    c->core_weights[i] = cores[i].weight;
  c->form_weights = g_new (double, G_N_ELEMENTS (forms));
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    c->form_weights[i] = forms[i].weight;
  c->reg_nos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* One stream for all companies: company i is the same in every dataset
   * that has at least i + 1 companies. */
  dg_rand_init_named (&c->rand, "companies");
  return c;
}

void
dg_companies_free (DgCompanies *c)
{
  if (c == NULL)
    return;
  g_ptr_array_unref (c->metals);
  g_free (c->site_weights);
  g_free (c->core_weights);
  g_free (c->form_weights);
  g_hash_table_unref (c->reg_nos);
  g_free (c);
}

static gboolean
has_metal (DgCompanies *c,
           const char  *code)
{
  for (guint i = 0; i < c->metals->len; i++)
    if (g_str_equal (g_ptr_array_index (c->metals, i), code))
      return TRUE;
  return FALSE;
}

int
dg_reg_no_check_digit (const int digits[9])
{
  static const int weights[9] = { 1, 3, 7, 1, 3, 7, 1, 3, 5 };
  int sum = 0;

  for (int i = 0; i < 9; i++)
    sum += digits[i] * weights[i];
  /* The ninth digit's product also adds its tens digit. */
  sum += (digits[8] * 5) / 10;
  return (10 - sum % 10) % 10;
}

/* NNN-NN-NNNNN: tax office, kind of business (81, 86, 87: corporation head
 * office; 01–79: individual), serial, check digit.  Unique in the dataset. */
static void
make_reg_no (DgCompanies *c,
             DgRand      *r,
             const Site  *site,
             gboolean     corporation,
             char         out[13])
{
  static const int corp_codes[] = { 81, 81, 81, 86, 87 };

  for (;;)
    {
      int d[10];
      int kind = corporation ? corp_codes[dg_rand_range (r, 0, G_N_ELEMENTS (corp_codes) - 1)]
                             : (int) dg_rand_range (r, 1, 79);
      int serial = (int) dg_rand_range (r, 0, 9999);
      gint64 key = 0;

      d[0] = site->tax_office / 100;
      d[1] = site->tax_office / 10 % 10;
      d[2] = site->tax_office % 10;
      d[3] = kind / 10;
      d[4] = kind % 10;
      d[5] = serial / 1000;
      d[6] = serial / 100 % 10;
      d[7] = serial / 10 % 10;
      d[8] = serial % 10;
      d[9] = dg_reg_no_check_digit (d);
      for (int i = 0; i < 10; i++)
        key = key * 10 + d[i];
      if (g_hash_table_contains (c->reg_nos, &key))
        continue;
      g_hash_table_add (c->reg_nos, g_memdup2 (&key, sizeof key));
      g_snprintf (out, 13, "%d%d%d-%d%d-%d%d%d%d%d",
                  d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]);
      return;
    }
}

static gboolean
product_fits (const Product *p,
              guint          stages)
{
  return (p->cls == 'r' && (stages & (ST_REFINING | ST_SMELTING | ST_MINING |
                                      ST_RECYCLING | ST_TRADING))) ||
         (p->cls == 'm' && (stages & (ST_MATERIALS | ST_RESEARCH | ST_TRADING))) ||
         (p->cls == 'c' && (stages & (ST_COMPONENTS | ST_RESEARCH)));
}

/* TRUE when @code has a product that a company of @stages makes. */
static gboolean
metal_fits (const char *code,
            guint       stages)
{
  for (guint k = 0; k < G_N_ELEMENTS (products); k++)
    if (g_str_equal (products[k].metal, code) && product_fits (&products[k], stages))
      return TRUE;
  return FALSE;
}

static const char *
pick_metal (DgCompanies *c,
            DgRand      *r,
            const Site  *site,
            guint        stages)
{
  double w[G_N_ELEMENTS (metal_weights)];

  /* The site's specialities count several times the national mix. */
  for (guint i = 0; i < G_N_ELEMENTS (metal_weights); i++)
    {
      const char *code = metal_weights[i].code;
      gsize len = strlen (code);
      const char *p = site->metals;

      w[i] = has_metal (c, code) ? metal_weights[i].weight : 0;
      while (w[i] > 0 && (p = strstr (p, code)) != NULL)
        {
          if ((p == site->metals || p[-1] == ',') && p[len] == ':')
            {
              w[i] += 3 * g_ascii_strtod (p + len + 1, NULL);
              break;
            }
          p += len;
        }
      /* A smelter of phosphoric acid would look odd. */
      if (!metal_fits (code, stages))
        w[i] *= 0.1;
    }
  return metal_weights[dg_rand_weighted (r, w, G_N_ELEMENTS (metal_weights))].code;
}

/* Up to three products of the company's metals, fitting its stages. */
static char *
make_products (DgRand             *r,
               const char * const *metals,
               guint               stages)
{
  g_autoptr(GString) ko = g_string_new (NULL);
  g_autoptr(GString) en = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; metals[i] && n < 3; i++)
    {
      const Product *fit[8];
      guint n_fit = 0, n_any = 0;
      const Product *any[8];

      for (guint k = 0; k < G_N_ELEMENTS (products); k++)
        {
          const Product *p = &products[k];
          gboolean ok;

          if (!g_str_equal (p->metal, metals[i]))
            continue;
          ok = product_fits (p, stages);
          if (ok && n_fit < G_N_ELEMENTS (fit))
            fit[n_fit++] = p;
          if (n_any < G_N_ELEMENTS (any))
            any[n_any++] = p;
        }
      if (n_fit == 0 && n_any == 0)
        continue;
      {
        const Product *p = n_fit ? fit[dg_rand_range (r, 0, n_fit - 1)]
                                 : any[dg_rand_range (r, 0, n_any - 1)];
        if (n++)
          {
            g_string_append (ko, ", ");
            g_string_append (en, ", ");
          }
        g_string_append (ko, p->ko);
        g_string_append (en, p->en);
      }
    }

  if (stages & ST_RECYCLING && n < 4)
    {
      g_string_append (ko, n ? ", 폐배터리·스크랩 재활용" : "폐배터리·스크랩 재활용");
      g_string_append (en, n ? ", battery and scrap recycling" : "battery and scrap recycling");
      n++;
    }
  if (stages & ST_TRADING && n < 4)
    {
      g_string_append (ko, n ? ", 수입·유통" : "희유금속 수입·유통");
      g_string_append (en, n ? ", import and distribution" : "rare-metal import and distribution");
      n++;
    }
  if (n == 0)
    return g_strdup ("희유금속 소재 / rare-metal materials");
  return g_strdup_printf ("%s / %s", ko->str, en->str);
}

/* A web-address label from the English name: "Hanul Materials" -> hanulmaterials. */
static char *
slug_of (const char *en)
{
  GString *s = g_string_new (NULL);

  for (const char *p = en; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static int
pick_employees (DgRand *r)
{
  /* Most are small and medium firms; a few are the big smelters and
   * battery-material makers. */
  static const double w[] = { 30, 35, 22, 9, 3, 1 };
  static const int lo[] = { 5, 30, 100, 300, 1000, 3000 };
  static const int hi[] = { 29, 99, 299, 999, 2999, 9000 };
  guint b = dg_rand_weighted (r, w, G_N_ELEMENTS (w));

  return (int) dg_rand_range (r, lo[b], hi[b]);
}

static int
pick_founded (DgRand *r)
{
  static const double w[] = { 3, 6, 12, 22, 28, 20, 9 };
  static const int lo[] = { 1960, 1970, 1980, 1990, 2000, 2010, 2018 };
  static const int hi[] = { 1969, 1979, 1989, 1999, 2009, 2017, 2023 };
  guint b = dg_rand_weighted (r, w, G_N_ELEMENTS (w));

  return (int) dg_rand_range (r, lo[b], hi[b]);
}

static const Pair towns[] = {
  { "안산", "Ansan" }, { "시흥", "Siheung" }, { "성남", "Seongnam" }, { "평택", "Pyeongtaek" },
  { "서울", "Seoul" }, { "인천", "Incheon" }, { "울산", "Ulsan" }, { "포항", "Pohang" },
  { "구미", "Gumi" }, { "광양", "Gwangyang" }, { "여수", "Yeosu" }, { "군산", "Gunsan" },
  { "청주", "Cheongju" }, { "대전", "Daejeon" }, { "창원", "Changwon" }, { "부산", "Busan" },
  { "대구", "Daegu" }, { "당진", "Dangjin" }, { "광주", "Gwangju" }, { "동해", "Donghae" },
  { "영월", "Yeongwol" }, { "삼척", "Samcheok" },
};

/* The site's town as a name prefix: "울산광역시" -> 울산 / Ulsan. */
static gboolean
town_of (const Site *site,
         Pair       *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    if (g_str_has_prefix (site->city, towns[i].ko))
      {
        *out = towns[i];
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  char        name_ko[512];
  char        name_en[512];
  gboolean    no_english;
  const Site *site;
} Identity;

/* The edge cases real directories have, at fixed positions of the stream:
 * a company known only by its Korean name, a very long name, and two
 * unrelated companies with the same name in different regions. */
static gboolean
special_identity (guint     index,
                  Identity *id)
{
  switch (index)
    {
    case 3:
      g_strlcpy (id->name_ko, "성진희유금속", sizeof id->name_ko);
      id->no_english = TRUE;
      id->site = &sites[0];
      return TRUE;
    case 11:
      g_strlcpy (id->name_ko, "(주)한국첨단희유금속소재리사이클링기술연구개발센터"
                 "에이치엠글로벌머티리얼즈앤솔루션즈", sizeof id->name_ko);
      g_strlcpy (id->name_en, "Korea Advanced Rare Metal Materials Recycling Technology "
                 "Research and Development Center HM Global Materials and Solutions Co., Ltd.",
                 sizeof id->name_en);
      id->site = &sites[19];
      return TRUE;
    case 20:
    case 21:
      g_strlcpy (id->name_ko, "대성금속(주)", sizeof id->name_ko);
      g_strlcpy (id->name_en, "Daesung Metals Co., Ltd.", sizeof id->name_en);
      id->site = index == 20 ? &sites[6] : &sites[9];   /* Namdong, Onsan */
      return TRUE;
    default:
      return FALSE;
    }
}

void
dg_companies_write (DgCompanies *c,
                    DgWriter    *w,
                    guint        index)
{
  DgRand *r = &c->rand;
  Identity ident = { { 0 } };
  const Core *core;
  const Site *site;
  char uuid[37], reg_no[13], phone[24], buf[640];
  g_autofree char *slug = NULL;
  g_autofree char *product_text = NULL;
  const char *metals[5] = { NULL };
  const char *stage_list[N_STAGES + 1] = { NULL };
  const char *certs[G_N_ELEMENTS (certifications) + 1] = { NULL };
  guint stages, n_metals, n_stages = 0, n_certs = 0;
  gboolean corporation;
  int founded, employees;
  double lat, lon;
  gint64 revenue;

  /* Draw everything in a fixed order so that company i never depends on
   * which branch an earlier one took beyond the shared stream. */
  dg_rand_uuid (r, uuid);
  core = &cores[dg_rand_weighted (r, c->core_weights, G_N_ELEMENTS (cores))];
  stages = core->stages;
  for (guint s = 0; s < N_STAGES; s++)
    if ((core->extra & (1u << s)) && dg_rand_chance (r, 0.3))
      stages |= 1u << s;

  if (!special_identity (index, &ident))
    {
      const Pair *prefix = &prefixes[dg_rand_range (r, 0, G_N_ELEMENTS (prefixes) - 1)];
      guint f = dg_rand_weighted (r, c->form_weights, G_N_ELEMENTS (forms));
      double sw[G_N_ELEMENTS (sites)];
      Pair local;

      /* Sites where this kind of work is done weigh four times more;
       * mines only for mining companies. */
      for (guint i = 0; i < G_N_ELEMENTS (sites); i++)
        {
          sw[i] = c->site_weights[i] * ((sites[i].stages & stages) ? 4 : 1);
          if (sites[i].stages == ST_MINING && !(stages & ST_MINING))
            sw[i] = 0;
          if (sites[i].complex == NULL && sites[i].stages == ST_TRADING && !(stages & ST_TRADING))
            sw[i] = 0;
        }
      ident.site = &sites[dg_rand_weighted (r, sw, G_N_ELEMENTS (sites))];

      /* Many firms are named after their town (울산금속, Ulsan Metals). */
      if (dg_rand_chance (r, 0.15) && town_of (ident.site, &local))
        prefix = &local;

      /* … and many end in 코리아 or 글로벌 (Daon Metal Korea). */
      {
        static const Pair tails[] = { { "", "" }, { "코리아", " Korea" }, { "글로벌", " Global" } };
        const Pair *tail = &tails[dg_rand_weighted (r, (const double[]) { 80, 14, 6 }, 3)];

        if (g_str_equal (prefix->ko, "코리아") || g_str_equal (prefix->ko, "글로벌"))
          tail = &tails[0];
        g_snprintf (ident.name_ko, sizeof ident.name_ko, "%s%s%s%s%s", forms[f].ko_before,
                    prefix->ko, core->ko, tail->ko, forms[f].ko_after);
        g_snprintf (ident.name_en, sizeof ident.name_en, "%s %s%s%s%s", prefix->en, core->en,
                    tail->en, *forms[f].en ? " " : "", forms[f].en);
      }
    }
  site = ident.site;
  corporation = strstr (ident.name_ko, "(주)") || strstr (ident.name_ko, "주식회사") ||
                strstr (ident.name_ko, "(유)") || strstr (ident.name_ko, "유한회사");

  n_metals = (guint) dg_rand_weighted (r, (const double[]) { 30, 35, 22, 13 }, 4) + 1;
  for (guint i = 0; i < n_metals; i++)
    {
      const char *m = pick_metal (c, r, site, stages);
      gboolean dup = FALSE;

      for (guint k = 0; k < i; k++)
        dup |= metals[k] == m;
      metals[i] = dup ? NULL : m;
    }
  /* Close the gaps left by duplicates. */
  for (guint i = 0, k = 0; i < n_metals; i++)
    {
      const char *m = metals[i];
      metals[i] = NULL;
      if (m)
        metals[k++] = m;
    }

  for (guint s = 0; s < N_STAGES; s++)
    if (stages & (1u << s))
      stage_list[n_stages++] = stage_names[s];

  founded = pick_founded (r);
  employees = pick_employees (r);
  /* Revenue per employee of Korean materials makers: roughly 0.2 to 1.5
   * billion won, higher for smelters and traders. */
  revenue = (gint64) employees * dg_rand_range (r, 150, (stages & (ST_SMELTING | ST_TRADING)) ? 2500 : 1200);
  lat = site->lat + 0.012 * dg_rand_normalish (r);
  lon = site->lon + 0.015 * dg_rand_normalish (r);

  make_reg_no (c, r, site, corporation, reg_no);
  product_text = make_products (r, metals, stages);

  for (guint i = 0; i < G_N_ELEMENTS (certifications); i++)
    {
      double p = certifications[i].weight / 100.0;

      if (certifications[i].stages && !(certifications[i].stages & stages))
        p /= 8;
      if (employees < 30)
        p /= 2;
      if (dg_rand_chance (r, p))
        certs[n_certs++] = certifications[i].name;
    }

  dg_record_begin (w, "company", uuid);
  dg_str (w, "name_ko", ident.name_ko);
  if (!ident.no_english)
    dg_str (w, "name_en", ident.name_en);
  dg_str (w, "reg_no", reg_no);
  dg_str (w, "region", site->region);
  dg_str (w, "city", site->city);
  {
    g_auto(GStrv) roads = g_strsplit (site->roads, ";", -1);
    const char *road = roads[dg_rand_range (r, 0, g_strv_length (roads) - 1)];

    g_snprintf (buf, sizeof buf, "%s %s %" G_GINT64_FORMAT, site->district, road,
                dg_rand_range (r, 1, 420));
    dg_str (w, "address", buf);
  }
  if (site->complex)
    dg_str (w, "complex", site->complex);
  dg_num (w, "lat", lat, 5);
  dg_num (w, "lon", lon, 5);
  dg_int (w, "founded", founded);
  dg_int (w, "employees", employees);
  dg_int (w, "revenue_krw_m", revenue);
  dg_strv (w, "stages", stage_list);
  dg_strv (w, "metals", metals);
  dg_str (w, "products", product_text);
  dg_begin_object (w, "specialized");
  if (founded <= 2020 && dg_rand_chance (r, founded <= 2015 ? 0.17 : 0.08))
    {
      /* 소재·부품 전문기업 designation exists since 2001. */
      dg_bool (w, "designated", TRUE);
      dg_int (w, "year", dg_rand_range (r, MAX (2001, founded + 2), 2023));
    }
  else
    dg_bool (w, "designated", FALSE);
  dg_end_object (w);
  dg_strv (w, "certifications", certs);

  slug = slug_of (ident.no_english ? "seongjin" : ident.name_en);
  /* Strip the legal form from the slug ("...coltd"). */
  {
    static const char * const tails[] = { "coltd", "corporation", "inc", "ltd", NULL };
    for (guint i = 0; tails[i]; i++)
      if (g_str_has_suffix (slug, tails[i]) && strlen (slug) > strlen (tails[i]) + 2)
        {
          slug[strlen (slug) - strlen (tails[i])] = '\0';
          break;
        }
    if (strlen (slug) > 24)
      slug[24] = '\0';
  }
  if (employees >= 15 || dg_rand_chance (r, 0.5))
    {
      g_snprintf (buf, sizeof buf, "https://www.%s.co.kr", slug);
      dg_str (w, "website", buf);
    }
  {
    static const char * const users[] = { "info", "sales", "contact", "master", "webmaster" };
    g_snprintf (buf, sizeof buf, "%s@%s.co.kr", users[dg_rand_range (r, 0, 4)], slug);
    dg_str (w, "email", buf);
  }
  if (g_str_equal (site->area_code, "02"))
    g_snprintf (phone, sizeof phone, "02-%" G_GINT64_FORMAT "-%04" G_GINT64_FORMAT,
                dg_rand_range (r, 2000, 3999), dg_rand_range (r, 0, 9999));
  else
    g_snprintf (phone, sizeof phone, "%s-%" G_GINT64_FORMAT "-%04" G_GINT64_FORMAT,
                site->area_code, dg_rand_range (r, 200, 999), dg_rand_range (r, 0, 9999));
  dg_str (w, "phone", phone);
  dg_record_end (w);
}
