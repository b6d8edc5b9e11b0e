package dev.hookline.events.store.capacity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills it: each attribute's name in UTF-8 bytes plus its value's size.
 * Strings count their UTF-8 bytes, binaries their bytes, a number one byte per two significant
 * digits plus one, a boolean or null one byte, a set its elements' sizes together, and a list or
 * map 3 bytes plus, per element, 1 byte and the element's size (a map's element counts its name too).
 * Source: "Item sizes and formats", Amazon DynamoDB Developer Guide.
 */
public final class ItemSize {

    private static final int COLLECTION_OVERHEAD = 3;
    private static final int ELEMENT_OVERHEAD = 1;

    private ItemSize() {
    }

    /** Bytes of the whole item; an absent item (null or empty) is 0. */
    public static long of(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + ofValue(attribute.getValue());
        }
        return size;
    }

    /** Bytes of one value, without the name of the attribute that holds it. */
    public static long ofValue(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> ofNumber(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSize::ofNumber).sum();
            case BS -> value.bs().stream().mapToLong(bytes -> bytes.asByteArray().length).sum();
            case L -> ofList(value.l());
            case M -> ofMap(value.m());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("a value of an unknown type: " + value);
        };
    }

    private static long ofList(List<AttributeValue> elements) {
        long size = COLLECTION_OVERHEAD;
        for (AttributeValue element : elements) {
            size += ELEMENT_OVERHEAD + ofValue(element);
        }
        return size;
    }

    private static long ofMap(Map<String, AttributeValue> entries) {
        return COLLECTION_OVERHEAD + ELEMENT_OVERHEAD * (long) entries.size() + of(entries);
    }

    /** Leading and trailing zeroes do not count: 1200 and 0.0012 are both two significant digits. */
    private static long ofNumber(String number) {
        BigDecimal value = new BigDecimal(number);
        if (value.signum() == 0) {
            return 1;
        }
        int significantDigits = value.stripTrailingZeros().unscaledValue().abs().toString().length();
        return 1 + (significantDigits + 1) / 2;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
