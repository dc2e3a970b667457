#!/usr/bin/env python3
# read-xlsx.py FILE.xlsx: prints the first sheet's cells as JSON rows
# ([[cell, ...], ...]; numbers as numbers, strings as strings, empty cells
# as null), plus the sheet's frozen pane and autofilter, for test-export.
# Reads shared strings and inline strings alike; uses only the standard
# library (zipfile), since unzip is not on every machine.
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def col_index(ref):
    letters = re.match(r'[A-Z]+', ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def text_of(node):
    # <si> or <is>: plain <t> or rich runs <r><t>.  Characters XML cannot
    # hold (CR, tab in some writers, other controls) are written _xHHHH_,
    # as Excel reads them (ECMA-376 ST_Xstring).
    raw = ''.join(t.text or '' for t in node.iter('{%s}t' % NS['m']))
    return re.sub(r'_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), raw)


def main():
    z = zipfile.ZipFile(sys.argv[1])
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        root = ET.fromstring(z.read('xl/sharedStrings.xml'))
        shared = [text_of(si) for si in root.findall('m:si', NS)]
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    rows = []
    for row in sheet.find('m:sheetData', NS).findall('m:row', NS):
        cells = []
        for c in row.findall('m:c', NS):
            i = col_index(c.get('r'))
            while len(cells) < i:
                cells.append(None)
            t = c.get('t')
            v = c.find('m:v', NS)
            if t == 's':
                cells.append(shared[int(v.text)])
            elif t == 'inlineStr':
                cells.append(text_of(c.find('m:is', NS)))
            elif t == 'str':
                cells.append(v.text if v is not None else '')
            elif v is not None:
                f = float(v.text)
                cells.append(int(f) if f.is_integer() else f)
            else:
                cells.append(None)
        rows.append(cells)
    pane = sheet.find('.//m:pane', NS)
    auto = sheet.find('m:autoFilter', NS)
    json.dump({
        'rows': rows,
        'frozen': pane is not None and pane.get('state') == 'frozen' and pane.get('ySplit') == '1',
        'autofilter': auto.get('ref') if auto is not None else None,
    }, sys.stdout, ensure_ascii=False)


main()
